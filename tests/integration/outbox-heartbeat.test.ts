import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { useTestDatabase } from "../support/database";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { commitConsentChange, eventually, startOutboxReceiver, type OutboxReceiver } from "../support/outbox-fixtures";

// This file's database starts with an empty outbox (the tests below run in order and build on it).
const database = useTestDatabase();
useTempDataDir();

const relays = useTestRelays();

/** Every globalSeq the bridge had acknowledged by `at`, to check each heartbeat against. */
function acknowledgedBy(receiver: OutboxReceiver, at: number): Set<string> {
  return new Set(receiver.batches.filter((batch) => batch.status === 200 && batch.at <= at).flatMap((batch) => batch.changes.map((change) => change.globalSeq)));
}

describe("the relay's heartbeat", () => {
  it("reports high-water mark 0 while the outbox is empty", async () => {
    expect(await getDatabase().consentOutbox.count()).toBe(0);
    const receiver = await startOutboxReceiver({ token: relays.token });
    await relays.start(receiver.url, { relayId: "relay-empty" });
    await eventually("three heartbeats", () => receiver.heartbeats.length >= 3);
    expect(receiver.heartbeats.map((heartbeat) => heartbeat.highWaterMark)).toEqual(receiver.heartbeats.map(() => "0"));
    expect(receiver.heartbeats[0]).toMatchObject({ relayId: "relay-empty", sentAt: expect.stringMatching(/Z$/) });
    const gaps = receiver.heartbeats.slice(1).map((heartbeat, index) => heartbeat.receivedAt - receiver.heartbeats[index]!.receivedAt);
    expect(Math.max(...gaps)).toBeLessThan(1_000);
  });

  it("carries both outboxes' marks in one request a beat, and sends one request per outbox to a bridge without that endpoint", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    await relays.start(receiver.url, { relayId: "relay-combined" });
    await eventually("three heartbeats", () => receiver.heartbeats.length >= 3);
    expect(new Set(receiver.heartbeatPaths)).toEqual(new Set(["/internal/v1/heartbeats"]));
    expect(receiver.approvalHeartbeats.slice(0, 3)).toEqual(receiver.heartbeats.slice(0, 3).map((heartbeat) => ({ ...heartbeat, highWaterMark: "0" })));

    // A bridge older than ADR 078 answers 404 there: the relay sends each mark on its own endpoint from then on.
    const older = await startOutboxReceiver({ token: relays.token, combinedHeartbeats: false });
    const { logs } = await relays.start(older.url, { relayId: "relay-older-bridge" });
    await eventually("three heartbeats of each outbox", () => older.heartbeats.length >= 3 && older.approvalHeartbeats.length >= 3);
    expect(new Set(older.heartbeatPaths)).toEqual(new Set(["/internal/v1/heartbeat", "/internal/v1/approval-heartbeat"]));
    expect(logs.filter((entry) => entry.level === "warn")).toEqual([]);
  });

  it("never claims a row the bridge has not acknowledged: the mark stops below a refused row and moves on once it is delivered", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const { relay } = await relays.start(receiver.url, { relayId: "relay-marks" });
    const delivered = await commitConsentChange();
    await eventually("the mark at the first change", () => receiver.heartbeats.some((heartbeat) => heartbeat.highWaterMark === delivered.event.globalSeq));

    receiver.failWith(503);
    const refused = [await commitConsentChange(), await commitConsentChange(delivered.participantId)];
    await eventually("the refused batch retried", () => receiver.batches.filter((batch) => batch.status === 503).length >= 3);
    const whileRefusing = receiver.heartbeats.length;
    await eventually("more heartbeats while refused", () => receiver.heartbeats.length >= whileRefusing + 3);
    expect(receiver.heartbeats.at(-1)!.highWaterMark).toBe(delivered.event.globalSeq);
    expect(relay.status().bridgeFailures).toBeGreaterThan(0);

    receiver.failWith(null);
    const last = refused.at(-1)!.event.globalSeq;
    await eventually("the mark at the last change", () => receiver.heartbeats.some((heartbeat) => heartbeat.highWaterMark === last));

    // Every heartbeat of the run: each row up to its mark had been acknowledged before the heartbeat arrived.
    const seqs = (await getDatabase().consentOutbox.findMany({ select: { globalSeq: true }, orderBy: { globalSeq: "asc" } })).map((row) => row.globalSeq.toString());
    for (const heartbeat of receiver.heartbeats) {
      const acknowledged = acknowledgedBy(receiver, heartbeat.receivedAt);
      const claimed = seqs.filter((seq) => BigInt(seq) <= BigInt(heartbeat.highWaterMark));
      expect(claimed.filter((seq) => !acknowledged.has(seq))).toEqual([]);
    }
  });

  it("stops while the app database is unreachable (so the bridge goes stale and denies), and resumes when it is back", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const { logs } = await relays.start(receiver.url, { relayId: "relay-outage" });
    await eventually("heartbeats flowing", () => receiver.heartbeats.length >= 2);

    const admin = new pg.Client({ connectionString: database.adminUrl });
    await admin.connect();
    const name = pg.escapeIdentifier(database.name);
    try {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database.name]);
      await eventually("the relay noticed", () => logs.some((entry) => entry.message.startsWith("cannot read the outbox")));
      // A heartbeat already past its outbox read may still land; after that, silence.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = receiver.heartbeats.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(receiver.heartbeats.length).toBe(before);
    } finally {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const resumedFrom = receiver.heartbeats.length;
    await eventually("heartbeats again", () => receiver.heartbeats.length >= resumedFrom + 2, 15_000);
    expect(logs.some((entry) => entry.message === "outbox readable again; heartbeats resumed")).toBe(true);
    // And deliveries carry on.
    const change = await commitConsentChange();
    await eventually("delivered after the outage", () => receiver.acknowledged.some((message) => message.eventId === change.event.id), 15_000);
    // ...and stamped: the relay stopped after this test would otherwise abort a delivery the receiver has taken but
    // the relay has not yet heard back about, and the next test would receive that row again.
    await eventually("stamped after the outage", async () => (await getDatabase().consentOutbox.findUniqueOrThrow({ where: { eventId: change.event.id } })).bridgeDeliveredAt !== null, 15_000);
  });

  it("does not skip a row that is not a valid change message: the rows before it go, the rest wait behind it, the mark stays below it", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const first = await commitConsentChange();
    const broken = await commitConsentChange();
    const behind = await commitConsentChange();
    const original = (await getDatabase().consentOutbox.findUniqueOrThrow({ where: { eventId: broken.event.id } })).payload;
    await getDatabase().consentOutbox.update({ where: { eventId: broken.event.id }, data: { payload: { eventId: broken.event.id, name: "山田 花子" } } });

    const { logs } = await relays.start(receiver.url, { relayId: "relay-poison" });
    await eventually("the broken row reported", async () => (await getDatabase().consentOutbox.findUniqueOrThrow({ where: { eventId: broken.event.id } })).attempts >= 2);
    const row = await getDatabase().consentOutbox.findUniqueOrThrow({ where: { eventId: broken.event.id } });
    expect(row.bridgeDeliveredAt).toBeNull();
    expect(row.lastError).toBe(`bridge: outbox row ${broken.event.globalSeq} is not a valid change message (globalSeq: Invalid input: expected string, received undefined)`);
    expect(logs.some((entry) => entry.message === "delivery failed; will retry")).toBe(true);
    expect(receiver.acknowledged.map((change) => change.eventId)).toEqual([first.event.id]);
    expect(receiver.batches.flatMap((batch) => batch.changes).some((change) => JSON.stringify(change).includes("山田"))).toBe(false);
    await eventually("a heartbeat at the first row", () => receiver.heartbeats.some((heartbeat) => heartbeat.highWaterMark === first.event.globalSeq));
    await eventually("more heartbeats", () => receiver.heartbeats.length >= 5);
    expect(receiver.heartbeats.filter((heartbeat) => BigInt(heartbeat.highWaterMark) >= BigInt(broken.event.globalSeq))).toEqual([]);

    await getDatabase().consentOutbox.update({ where: { eventId: broken.event.id }, data: { payload: original ?? {} } });
    await eventually("the mark past the repaired row", () => receiver.heartbeats.some((heartbeat) => heartbeat.highWaterMark === behind.event.globalSeq));
    expect(receiver.acknowledged.map((change) => change.eventId)).toEqual([first.event.id, broken.event.id, behind.event.id]);
  });
});
