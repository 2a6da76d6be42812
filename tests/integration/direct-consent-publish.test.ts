// Issue 60 Deliver 3b (ADR 159): after COMMIT the consent verbs also publish the change straight to NATS, best effort;
// a bridge following the stream applies it early, once by event id, and the relay's copy after it changes nothing.
// The direct route never says how far the bridge has applied: a withdrawal still on its way keeps the bridge stale
// (fail closed) however many later changes came directly. Real PostgreSQL, private NATS servers, the real relay and
// bridges; the relay's HTTP deliveries go to a receiver that is no bridge where the replica must have NATS alone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connect } from "@nats-io/transport-node";
import { getDatabase } from "../../app/db.server";
import { directConsentPublishActive, startDirectConsentPublish, stopDirectConsentPublish } from "../../app/domain/consent/ledger/outbox/publish-consent-change.server";
import { RELAY_HEARTBEAT_SUBJECT } from "@tsunagi/consent-rules/consent-change-message";
import { useTestDatabase } from "../support/database";
import { freePort, startNatsServer, type NatsTestServer } from "../support/nats-server";
import { eventually, startOutboxReceiver } from "../support/outbox-fixtures";
import { issueTestToken, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";

const database = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();

let nats: NatsTestServer;
let gateToken: string;
beforeAll(async () => {
  nats = await startNatsServer();
  gateToken = await issueTestToken(["gate:analyze"]);
});
afterEach(async () => {
  await stopDirectConsentPublish();
});
afterAll(async () => {
  await nats?.dispose();
});

async function startReplica(replicaId: string): Promise<TestBridge> {
  const replica = await startTestBridge(database.url, { consentStream: { natsUrl: nats.url, replicaId } });
  relays.defer(() => replica.close());
  return replica;
}

async function decide(bridge: TestBridge, subject: string): Promise<{ allowed: boolean; reason: string }> {
  const answer = await bridge.post("/v1/decisions", { subject, action: "analyze", purpose: "DUO:0000006" }, gateToken);
  expect(answer.status).toBe(200);
  return (answer.body as { decisions: { allowed: boolean; reason: string }[] }).decisions[0]!;
}

async function ledgerVersion(participantId: string): Promise<number> {
  return (await getDatabase().consentState.findUniqueOrThrow({ where: { participantId }, select: { version: true } })).version;
}

/** The bridge's own rows for one event and its subject, as a reload would read them. */
async function bridgeRows(bridge: TestBridge, eventId: string, pseudonym: string) {
  const changes = await bridge.context.db.query<{ count: string }>("SELECT count(*)::text AS count FROM bridge.consent_change WHERE event_id = $1", [eventId]);
  const subject = await bridge.context.db.query<{ version: number; updated_at: Date }>("SELECT version, updated_at FROM bridge.subject WHERE pseudonym = $1", [pseudonym]);
  return { rows: Number(changes.rows[0]!.count), version: subject.rows[0]?.version, updatedAt: subject.rows[0]?.updated_at.toISOString() };
}

/** A relay and a replica caught up with the ledger; the relay then stopped, so only the direct route carries what follows. */
async function replicaWithoutRelay(name: string, participants: { id: string; pseudonym: string }[]) {
  const receiver = await startOutboxReceiver({ token: relays.token });
  const { relay } = await relays.start(receiver.url, { natsUrl: nats.url, relayId: `relay-${name}`, heartbeatMs: 100 });
  const replica = await startReplica(name);
  for (const participant of participants) {
    const version = await ledgerVersion(participant.id);
    await eventually(`${participant.pseudonym} on the replica`, () => replica.context.subjects.get(participant.pseudonym)?.version === version, 20_000);
  }
  await eventually("the replica current", () => replica.context.health.current().ready, 20_000);
  await relay.stop();
  return { replica, receiver };
}

describe("[app → bridge] a consent change published straight to NATS after COMMIT", () => {
  it("arrives before the relay's copy and is applied once; the relay's copy afterwards changes nothing", async () => {
    const participant = await consentedParticipant();
    const { replica, receiver } = await replicaWithoutRelay("direct-once", [participant]);
    startDirectConsentPublish(nats.url);
    await eventually("the app connected to NATS", () => directConsentPublishActive());

    const withdrawal = await withdrawOnline(participant);
    // With no relay running, only the direct route can bring it.
    await eventually("the withdrawal applied from the direct route", () => replica.context.subjects.get(participant.pseudonym)?.eventId === withdrawal.id);
    expect(replica.context.directChanges!.stats()).toMatchObject({ applied: 1, duplicates: 0, dropped: 0 });
    const early = await bridgeRows(replica, withdrawal.id, participant.pseudonym);
    expect(early).toMatchObject({ rows: 1, version: await ledgerVersion(participant.id) });
    expect(await decide(replica, participant.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });

    // The relay comes back and publishes the outbox row to the stream: the replica takes it as a duplicate.
    const followed = replica.context.consentStream!.stats().stored;
    await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-direct-once-again", heartbeatMs: 100 });
    await eventually("the relay's copy stored from the stream", () => replica.context.consentStream!.stats().stored > followed, 20_000);
    await eventually("current again", () => replica.context.health.current().ready, 20_000);
    expect(await bridgeRows(replica, withdrawal.id, participant.pseudonym)).toEqual(early);
    expect(replica.context.directChanges!.stats()).toMatchObject({ applied: 1, duplicates: 0 });
    expect(await decide(replica, participant.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
  }, 90_000);

  it("a later change that came directly never makes the bridge current while an earlier withdrawal has not arrived", async () => {
    const first = await consentedParticipant();
    const second = await consentedParticipant();
    const { replica, receiver } = await replicaWithoutRelay("direct-out-of-order", [first, second]);

    // The first withdrawal is not published directly (the app's connection was down at its commit, say): only the
    // relay, stopped here, would bring it. The second, after it in the ledger, comes directly.
    const withheld = await withdrawOnline(first);
    startDirectConsentPublish(nats.url);
    await eventually("the app connected to NATS", () => directConsentPublishActive());
    const later = await withdrawOnline(second);
    expect(BigInt(later.globalSeq)).toBeGreaterThan(BigInt(withheld.globalSeq));
    await eventually("the later withdrawal applied from the direct route", () => replica.context.subjects.get(second.pseudonym)?.eventId === later.id);

    // A relay's heartbeat saying it has published both: the bridge holds the later one, not the earlier.
    const nc = await connect({ servers: nats.url });
    relays.defer(() => nc.close());
    nc.publish(RELAY_HEARTBEAT_SUBJECT, JSON.stringify({ relayId: "relay-direct-out-of-order", highWaterMark: later.globalSeq, sentAt: new Date().toISOString() }));
    await nc.flush();
    await eventually("stale: the earlier withdrawal is owed", async () => (await replica.get("/readyz")).status === 503);
    expect(await decide(replica, first.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "projection_stale" });

    // The relay delivers the withdrawal it owed: current, and both denied for what they are.
    await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-direct-out-of-order-again", heartbeatMs: 100 });
    // (A relay that starts again heartbeats the mark of what it has published so far, lower than the one above: the
    // window ADR 051 bounds by RELAY_MAX_LAG_MS, the same with or without the direct route. So wait for the change.)
    await eventually("the earlier withdrawal arrived by the relay", () => replica.context.subjects.get(first.pseudonym)?.eventId === withheld.id, 20_000);
    await eventually("current", async () => (await replica.get("/readyz")).status === 200, 20_000);
    expect(await decide(replica, first.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
    expect(await decide(replica, second.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
    expect((await bridgeRows(replica, later.id, second.pseudonym)).rows).toBe(1);
  }, 90_000);

  it("with NATS unreachable the verb still succeeds and the relay delivers the change", async () => {
    const bridge = await startTestBridge(database.url);
    relays.defer(() => bridge.close());
    await relays.start(bridge.url, { relayToken: relays.token });

    // A NATS that was never there, then one that goes away after the app connected.
    startDirectConsentPublish(`nats://127.0.0.1:${await freePort()}`);
    const unreachable = await consentedParticipant();
    await withdrawOnline(unreachable);

    const server = await startNatsServer();
    relays.defer(() => server.dispose());
    startDirectConsentPublish(server.url);
    await eventually("the app connected to NATS", () => directConsentPublishActive());
    await server.stop();
    const gone = await consentedParticipant();
    await withdrawOnline(gone);

    for (const participant of [unreachable, gone]) {
      await eventually(`${participant.pseudonym} denied`, async () => (await decide(bridge, participant.sampleCodes[0]!)).reason === "withdrawn_no_further_use", 20_000);
    }
  }, 90_000);
});
