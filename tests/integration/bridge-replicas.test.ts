// Bridge replicas fed from NATS JetStream (issue 17 item 1; ADR 051): each follows the consent stream as its own
// durable consumer, applies changes by the version rule, answers decisions from memory, and fails closed on its own
// staleness (the relay's heartbeat on NATS). Real PostgreSQL, a private NATS server, the real relay and bridges.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { useTestDatabase } from "../support/database";
import { startNatsServer, type NatsTestServer } from "../support/nats-server";
import { commitConsentChange, eventually, startOutboxReceiver } from "../support/outbox-fixtures";
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
afterAll(async () => {
  await nats?.dispose();
});

const STALENESS_MS = 1_500;

interface DecisionItem {
  allowed: boolean;
  reason: string;
}

async function startReplica(replicaId: string): Promise<TestBridge> {
  const replica = await startTestBridge(database.url, { stalenessMs: STALENESS_MS, consentStream: { natsUrl: nats.url, replicaId } });
  relays.defer(() => replica.close());
  return replica;
}

/** The ledger's current version per participant, as the bridge must hold it. */
async function ledgerVersions(): Promise<Map<string, number>> {
  const states = await getDatabase().consentState.findMany({ select: { version: true, participant: { select: { pseudonym: true } } } });
  return new Map(states.map((state) => [state.participant.pseudonym, state.version]));
}

async function caughtUp(replica: TestBridge): Promise<boolean> {
  const versions = await ledgerVersions();
  return [...versions].every(([pseudonym, version]) => replica.context.subjects.get(pseudonym)?.version === version) && replica.context.health.current().ready;
}

async function decide(replica: TestBridge, subject: string): Promise<DecisionItem> {
  const answer = await replica.post("/v1/decisions", { subject, action: "analyze", purpose: "DUO:0000006" }, gateToken);
  expect(answer.status).toBe(200);
  return (answer.body as { decisions: DecisionItem[] }).decisions[0]!;
}

describe("bridge replicas following the consent stream", () => {
  it("two replicas reach the ledger's state from the stream alone, each denies a withdrawn sample, and each goes stale on its own when the relay falls silent", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const { relay } = await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-replicas", heartbeatMs: 200 });
    const [first, second] = [await startReplica("replica-1"), await startReplica("replica-2")];
    expect(first.context.consentStream?.consumerName).toBe("bridge-replica-1");

    const staying = await consentedParticipant();
    const leaving = await consentedParticipant();
    for (let index = 0; index < 20; index += 1) await commitConsentChange(index % 2 === 0 ? undefined : staying.id);
    await withdrawOnline(leaving);

    for (const replica of [first, second]) {
      await eventually(`${replica.context.consentStream?.consumerName} caught up`, () => caughtUp(replica), 20_000);
      expect(await decide(replica, leaving.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
      expect(await decide(replica, staying.sampleCodes[0]!)).toMatchObject({ allowed: true, reason: "consented" });
      expect((await replica.get("/readyz")).status).toBe(200);
    }

    // The relay stops: no heartbeat on NATS, so after the staleness bound every replica denies everything.
    await relay.stop();
    for (const replica of [first, second]) {
      await eventually("stale without the relay", async () => (await replica.get("/readyz")).status === 503, 10_000);
      expect(await decide(replica, staying.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "projection_stale" });
    }
  }, 90_000);

  it("a replica restarted under the same id resumes its durable consumer and catches up with what it missed; a brand-new replica catches up too", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-restart", heartbeatMs: 200 });
    const replica = await startReplica("replica-restarted");
    const participant = await consentedParticipant();
    await eventually("caught up before the restart", () => caughtUp(replica), 20_000);
    const deliveredBefore = replica.context.consentStream!.stats().delivered;

    await replica.close();
    const eventsBefore = await getDatabase().consentEvent.count();
    for (let index = 0; index < 10; index += 1) await commitConsentChange();
    await withdrawOnline(participant);
    const missed = (await getDatabase().consentEvent.count()) - eventsBefore;

    const again = await startReplica("replica-restarted");
    const fresh = await startReplica("replica-new");
    for (const bridge of [again, fresh]) {
      await eventually("caught up after the restart", () => caughtUp(bridge), 20_000);
      expect(await decide(bridge, participant.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
    }
    // The restarted one took only what it had not acknowledged, each change once: none sat unstored until the ack
    // wait sent it again (nats-server 2.9 over-counts what is pending for a resumed consumer; a batch must not wait
    // for that count to reach zero). The new one read the stream from its start.
    expect(again.context.consentStream!.stats()).toMatchObject({ delivered: missed, stored: missed });
    expect(again.context.consentStream!.stats().delivered).toBeLessThan(fresh.context.consentStream!.stats().delivered);
    expect(deliveredBefore).toBeGreaterThan(0);
  }, 90_000);

  it("a replica whose NATS server restarts reconnects and applies what was published meanwhile", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-nats-restart", heartbeatMs: 200 });
    const replica = await startReplica("replica-nats-restart");
    await eventually("caught up", () => caughtUp(replica), 20_000);

    await nats.stop();
    const participant = await consentedParticipant();
    await withdrawOnline(participant);
    await eventually("stale while NATS is down", () => !replica.context.health.current().ready, 10_000);
    await nats.start();
    await eventually("caught up after NATS came back", () => caughtUp(replica), 30_000);
    expect(await decide(replica, participant.sampleCodes[0]!)).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
  }, 90_000);
});
