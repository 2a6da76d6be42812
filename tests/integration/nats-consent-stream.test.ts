import { randomUUID } from "node:crypto";
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import {
  CONSENT_STREAM,
  CONSENT_SUBJECTS,
  ConsentChangeMessageSchema,
  RELAY_HEARTBEAT_SUBJECT,
  RelayHeartbeatSchema,
  type ConsentChangeMessage,
} from "@tsunagi/consent-rules/consent-change-message";
import { ensureConsentStream } from "@tsunagi/outbox-relay/nats-publisher";
import { useTestDatabase } from "../support/database";
import { startNatsServer, type NatsTestServer } from "../support/nats-server";
import { natsUrlForTests } from "../support/nats-url";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";
import { commitConsentChange, eventually, startOutboxReceiver, type OutboxReceiver } from "../support/outbox-fixtures";

useTestDatabase();
useTempDataDir();

const relays = useTestRelays();
let receiver: OutboxReceiver;
beforeAll(async () => {
  receiver = await startOutboxReceiver({ token: relays.token });
});

/** A relay publishing to NATS at `natsUrl` besides delivering to this file's stand-in bridge. */
const startRelay = (natsUrl: string, relayId = `relay-${randomUUID().slice(0, 8)}`) => relays.start(receiver.url, { natsUrl, relayId, backoff: { baseMs: 20, capMs: 300 } });

async function natsConnection(url: string): Promise<NatsConnection> {
  const nc = await connect({ servers: url });
  relays.defer(() => nc.close());
  return nc;
}

/** Every relay heartbeat on core NATS from now until the end of the test, as received. */
function relayHeartbeats(nc: NatsConnection): unknown[] {
  const heartbeats: unknown[] = [];
  const subscription = nc.subscribe(RELAY_HEARTBEAT_SUBJECT, { callback: (_error, message) => void heartbeats.push(message.json()) });
  relays.defer(async () => subscription.unsubscribe());
  return heartbeats;
}

/** A durable pull consumer, as a pipeline cluster would keep one, on the consent stream. */
async function durableConsumer(nc: NatsConnection, filterSubject: string): Promise<{ name: string; consumer: Consumer }> {
  await ensureConsentStream(nc);
  const name = `test-${randomUUID().slice(0, 8)}`;
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(CONSENT_STREAM, { durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: filterSubject });
  // Durables outlive the test on a shared server (NATS_URL): remove them (a closed connection's are gone with its server).
  relays.defer(() => jsm.consumers.delete(CONSENT_STREAM, name).catch(() => undefined));
  return { name, consumer: await jetstream(nc).consumers.get(CONSENT_STREAM, name) };
}

interface Received {
  subject: string;
  msgId: string | undefined;
  message: ConsentChangeMessage;
}

/** Fetches and acknowledges whatever the consumer has, until a fetch comes back empty. */
async function drain(consumer: Consumer): Promise<Received[]> {
  const received: Received[] = [];
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
    let count = 0;
    for await (const message of batch) {
      count += 1;
      received.push({ subject: message.subject, msgId: message.headers?.get("Nats-Msg-Id"), message: ConsentChangeMessageSchema.parse(message.json()) });
      message.ack();
    }
    if (count === 0) return received;
  }
}

const rowsOf = (pseudonyms: string[]) => getDatabase().consentOutbox.findMany({ where: { pseudonym: { in: pseudonyms } }, orderBy: { globalSeq: "asc" } });

describe("consent changes on NATS JetStream", () => {
  it("a durable consumer receives a withdrawal made through withdrawConsent, on tsunagi.consent.<pseudonym> with Nats-Msg-Id = event id; the relay heartbeats on core NATS", async () => {
    const url = natsUrlForTests();
    const nc = await natsConnection(url);
    const heartbeats = relayHeartbeats(nc);

    const participant = await consentedParticipant();
    const subject = `tsunagi.consent.${participant.pseudonym}`;
    const { consumer } = await durableConsumer(nc, subject);
    await startRelay(url, "relay-withdrawal");
    const withdrawal = await withdrawOnline(participant, { language: "ja" });

    const received = await eventually("the withdrawal on the stream", async () => {
      const got = await drain(consumer);
      return got.length >= 2 ? got : undefined;
    });
    expect(received.map((entry) => entry.message.type)).toEqual(["granted", "withdrawn"]);
    const last = received[1]!;
    expect(last.subject).toBe(subject);
    expect(last.msgId).toBe(withdrawal.id);
    expect(last.message).toMatchObject({
      eventId: withdrawal.id,
      pseudonym: participant.pseudonym,
      version: 2,
      consent: { status: "withdrawn", withdrawalLevel: "no_further_use" },
    });
    expect(received[0]!.msgId).toBe(participant.grant.id);
    await eventually("both rows stamped for NATS", async () => (await rowsOf([participant.pseudonym])).every((row) => row.natsDeliveredAt !== null));

    await eventually("a relay heartbeat on core NATS", () =>
      heartbeats.map((heartbeat) => RelayHeartbeatSchema.parse(heartbeat)).find((heartbeat) => heartbeat.relayId === "relay-withdrawal" && BigInt(heartbeat.highWaterMark) >= BigInt(withdrawal.globalSeq)),
    );
  });

  it("heartbeats on core NATS from the start, even with nothing to publish, naming the last change the stream has", async () => {
    const url = natsUrlForTests();
    const nc = await natsConnection(url);
    const heartbeats = relayHeartbeats(nc);
    const change = await commitConsentChange();
    // As if an earlier relay had published everything: nothing left for this one to send.
    await getDatabase().consentOutbox.updateMany({ where: { natsDeliveredAt: null }, data: { natsDeliveredAt: new Date() } });
    await nc.flush();

    await startRelay(url, "relay-idle");
    const heartbeat = await eventually("an idle relay's heartbeat", () =>
      heartbeats.map((entry) => RelayHeartbeatSchema.parse(entry)).find((entry) => entry.relayId === "relay-idle"),
    );
    expect(heartbeat.highWaterMark).toBe(change.event.globalSeq);
  });

  it("the stream drops a second publish of the same event id", async () => {
    const nc = await natsConnection(natsUrlForTests());
    const change = await commitConsentChange();
    const subject = `tsunagi.consent.${change.pseudonym}`;
    await startRelay(natsUrlForTests());
    await eventually("published by the relay", async () => (await rowsOf([change.pseudonym]))[0]?.natsDeliveredAt);
    const row = (await rowsOf([change.pseudonym]))[0]!;

    const js = jetstream(nc);
    const again = await js.publish(subject, JSON.stringify(row.payload), { msgID: change.event.id });
    expect(again.duplicate).toBe(true);
    const { consumer } = await durableConsumer(nc, subject);
    const received = await drain(consumer);
    expect(received.map((entry) => entry.msgId)).toEqual([change.event.id]);
  });

  it("loses nothing across a NATS restart: changes made while NATS is down arrive once it is back, each event once, and every row is stamped", { timeout: 90_000 }, async () => {
    const nats: NatsTestServer = await startNatsServer();
    relays.defer(() => nats.dispose());
    const { relay, logs } = await startRelay(nats.url);

    const before = await commitConsentChange();
    await eventually("the first change on the stream", async () => (await rowsOf([before.pseudonym]))[0]?.natsDeliveredAt);
    // The stream and a durable consumer exist in the server's store before it goes down.
    const setup = await connect({ servers: nats.url });
    const { name } = await durableConsumer(setup, CONSENT_SUBJECTS);
    await setup.close();

    await nats.stop();
    const participant = await consentedParticipant();
    const during = [
      await commitConsentChange(before.participantId),
      await commitConsentChange(),
      await commitConsentChange(),
    ];
    await withdrawOnline(participant, { level: "no_contact" });
    const pseudonyms = [before.pseudonym, participant.pseudonym, ...during.map((change) => change.pseudonym)];
    // NATS down: the bridge still gets everything (its lane is independent), NATS rows wait with the reason noted.
    await eventually("the bridge has every change", async () => (await rowsOf(pseudonyms)).every((row) => row.bridgeDeliveredAt !== null));
    await eventually("a NATS failure recorded", async () => (await rowsOf(pseudonyms)).some((row) => row.natsDeliveredAt === null && row.attempts > 0 && row.lastError?.startsWith("nats: ")), 20_000);
    expect(relay.status().natsFailures).toBeGreaterThan(0);
    expect(logs.some((entry) => entry.message === "delivery failed; will retry" && entry.fields.destination === "nats")).toBe(true);

    await nats.start();
    await eventually("every row stamped for NATS", async () => (await rowsOf(pseudonyms)).every((row) => row.natsDeliveredAt !== null), 40_000);

    const nc = await natsConnection(nats.url);
    const consumer = await jetstream(nc).consumers.get(CONSENT_STREAM, name);
    const received = await drain(consumer);
    const rows = await rowsOf(pseudonyms);
    const ids = received.map((entry) => entry.msgId);
    // Every event, and (the stream having dropped any re-sent copy) each exactly once.
    expect([...ids].sort()).toEqual(rows.map((row) => row.eventId).sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of received) {
      expect(entry.msgId).toBe(entry.message.eventId);
      expect(entry.subject).toBe(`tsunagi.consent.${entry.message.pseudonym}`);
    }
    // Keeping the highest version per pseudonym ends on the ledger's latest state.
    const latest = new Map<string, ConsentChangeMessage>();
    for (const { message } of received) if ((latest.get(message.pseudonym)?.version ?? 0) < message.version) latest.set(message.pseudonym, message);
    expect(latest.get(participant.pseudonym)?.consent).toMatchObject({ status: "withdrawn", withdrawalLevel: "no_contact" });
    expect(latest.get(before.pseudonym)?.version).toBe(2);
  });
});
