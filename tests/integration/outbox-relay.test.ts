import { stat } from "node:fs/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { authenticateApiToken } from "../../app/domain/api-tokens/authenticate-api-token.server";
import { getEnv, parseEnv } from "../../app/env.server";
import { relayTokenFile, resolveRelayToken } from "../../server/relay-token";
import { useTestDatabase } from "../support/database";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { commitConsentChange, eventually, startOutboxReceiver, type OutboxReceiver } from "../support/outbox-fixtures";

const database = useTestDatabase();
const dataDir = useTempDataDir();

const relays = useTestRelays();

const outboxRow = (eventId: string) => getDatabase().consentOutbox.findUniqueOrThrow({ where: { eventId } });
/** Commits a change and measures how long it takes to reach the bridge (at most 5 s). */
/**
 * A change committed now reaches the bridge while the relay's poll is minutes away (the tests below start it with a
 * ten-minute poll, after the start's own read of the backlog): only the commit's NOTIFY can have woken it. No clock is
 * asserted, so a slow machine passes and a relay that waits for its poll fails.
 */
async function reachesBridgeWithoutPolling(receiver: OutboxReceiver): Promise<void> {
  const change = await commitConsentChange();
  await eventually("the change at the bridge", () => receiver.acknowledged.some((message) => message.eventId === change.event.id), 30_000);
}
const everythingDelivered = async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0;

describe("the outbox relay delivers consent changes to the bridge", () => {
  it("sends every committed change in ledger order with the relay's token, and stamps a row only once the bridge has answered 200", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const release = receiver.hold();
    const first = await commitConsentChange();
    const second = await commitConsentChange(first.participantId);
    await relays.start(receiver.url);

    await eventually("the batch to reach the bridge", () => receiver.batches.length > 0);
    // The bridge has the changes but has not answered: nothing may be marked delivered yet.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await outboxRow(second.event.id)).bridgeDeliveredAt).toBeNull();
    expect(receiver.acknowledged).toEqual([]);

    release();
    await eventually("both rows stamped", async () => (await outboxRow(second.event.id)).bridgeDeliveredAt !== null);
    expect((await outboxRow(first.event.id)).bridgeDeliveredAt).not.toBeNull();
    const ids = receiver.acknowledged.map((change) => change.eventId);
    expect(ids.indexOf(first.event.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(second.event.id)).toBeGreaterThan(ids.indexOf(first.event.id));
    const seqs = receiver.acknowledged.map((change) => BigInt(change.globalSeq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(receiver.acknowledged.find((change) => change.eventId === second.event.id)).toMatchObject({
      pseudonym: second.pseudonym,
      type: "choices_changed",
      version: 2,
      globalSeq: second.event.globalSeq,
    });
    expect(receiver.unauthorized).toBe(0);
  });

  it("retries with growing, jittered delays while the bridge answers 500, then delivers everything; the outbox keeps the count and the reason", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    receiver.failWith(500);
    const changes = await Promise.all([commitConsentChange(), commitConsentChange(), commitConsentChange()]).then(async (made) => [
      ...made,
      await commitConsentChange(made[0]!.participantId),
    ]);
    const { logs } = await relays.start(receiver.url, { backoff: { baseMs: 40, capMs: 400 } });

    await eventually("three refused attempts", () => receiver.batches.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const refused = receiver.batches.length;
    // Full jitter from 40 ms doubling to 400 ms: a handful of attempts a second, not a tight loop.
    expect(refused).toBeLessThan(30);
    const failing = await outboxRow(changes[3]!.event.id);
    expect(failing.bridgeDeliveredAt).toBeNull();
    expect(failing.attempts).toBeGreaterThanOrEqual(3);
    expect(failing.lastError).toMatch(/^bridge: HTTP 500/);
    // One log line per failed attempt, with its backoff; not one per row.
    const warnings = logs.filter((entry) => entry.message === "delivery failed; will retry");
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    expect(warnings.length).toBeLessThanOrEqual(receiver.batches.length);
    expect(warnings[0]!.fields).toMatchObject({ destination: "bridge", attempt: 1, error: expect.stringMatching(/^HTTP 500/) });
    expect(warnings.every((entry) => typeof entry.fields.retryInMs === "number" && entry.fields.retryInMs < 400)).toBe(true);

    receiver.failWith(null);
    await eventually("every row delivered", everythingDelivered);
    const acknowledged = new Set(receiver.acknowledged.map((change) => change.eventId));
    for (const change of changes) expect(acknowledged.has(change.event.id)).toBe(true);
    // At least once: the changes the bridge saw but refused were sent again, and it saw them more than once.
    const timesSent = receiver.batches.flatMap((batch) => batch.changes).filter((change) => change.eventId === changes[0]!.event.id).length;
    expect(timesSent).toBeGreaterThanOrEqual(refused > 0 ? 2 : 1);
    expect(logs.some((entry) => entry.message === "delivery resumed" && entry.fields.destination === "bridge")).toBe(true);
  });

  it("keeps trying while nothing listens on the bridge's port (connection refused) and delivers once it does", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token, listening: false });
    const change = await commitConsentChange();
    const { logs } = await relays.start(receiver.url);
    await eventually("refused connections recorded", async () => (await outboxRow(change.event.id)).attempts >= 2);
    expect((await outboxRow(change.event.id)).lastError).toMatch(/^bridge: .*ECONNREFUSED/);
    expect(logs.find((entry) => entry.message === "delivery failed; will retry")?.fields.error).toMatch(/ECONNREFUSED/);

    await receiver.listen();
    await eventually("delivered after the bridge came up", async () => (await outboxRow(change.event.id)).bridgeDeliveredAt !== null);
    expect(receiver.acknowledged.map((message) => message.eventId)).toContain(change.event.id);
  });

  it("delivers as soon as the bridge answers again, not when the backoff of the failures while it was away ends", async () => {
    // A minute's backoff after the first refused connection; the bridge comes back a moment later. Its heartbeat gets
    // through, and the relay tries at once: meanwhile the bridge would deny everything (the heartbeat claims the head).
    const receiver = await startOutboxReceiver({ token: relays.token, listening: false });
    const change = await commitConsentChange();
    await relays.start(receiver.url, { backoff: { baseMs: 60_000, capMs: 60_000 } });
    await eventually("the first attempt refused", async () => (await outboxRow(change.event.id)).attempts >= 1);
    await receiver.listen();
    await eventually("delivered after the bridge came up", async () => (await outboxRow(change.event.id)).bridgeDeliveredAt !== null, 5_000);
    expect((await outboxRow(change.event.id)).attempts).toBe(1);
  });

  it("claims the outbox's head in its heartbeat while a change has waited past the lag bound, and the acknowledged mark once it is through", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const first = await commitConsentChange();
    const { logs } = await relays.start(receiver.url, { maxLagMs: 200 });
    await eventually("the first change delivered", async () => (await outboxRow(first.event.id)).bridgeDeliveredAt !== null);
    const release = receiver.hold();
    const second = await commitConsentChange();
    const claimsHead = await eventually("a heartbeat claiming the waiting change", () => receiver.heartbeats.find((heartbeat) => heartbeat.highWaterMark === String(second.event.globalSeq)));
    // Not before the bound: the heartbeats in between claimed only what the bridge had acknowledged.
    const before = receiver.heartbeats.slice(0, receiver.heartbeats.indexOf(claimsHead));
    expect(before.some((heartbeat) => heartbeat.highWaterMark === String(first.event.globalSeq))).toBe(true);
    expect(logs.some((entry) => entry.level === "warn" && /longer than the lag bound/.test(entry.message))).toBe(true);
    release();
    await eventually("the second change delivered", async () => (await outboxRow(second.event.id)).bridgeDeliveredAt !== null);
    await eventually("the lag bound met again", () => logs.some((entry) => /within the lag bound again/.test(entry.message)));
  });

  it("logs a backlog written before it started at info: a relay starting behind is not a delivery held up", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const release = receiver.hold();
    const change = await commitConsentChange();
    const { logs } = await relays.start(receiver.url, { maxLagMs: 1 });
    await eventually("a heartbeat claiming the backlog's head", () => receiver.heartbeats.find((heartbeat) => heartbeat.highWaterMark === String(change.event.globalSeq)));
    const lagLines = logs.filter((entry) => /a consent change has waited/.test(entry.message));
    expect(lagLines.map((entry) => entry.level)).toEqual(["info"]);
    release();
    await eventually("the backlog delivered", async () => (await outboxRow(change.event.id)).bridgeDeliveredAt !== null);
  });

  it("is woken by the commit's NOTIFY: a change reaches the bridge without waiting for the poll", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const { relay } = await relays.start(receiver.url, { pollMs: 600_000 });
    expect(relay.status().listening).toBe(true);
    await eventually("the backlog delivered", everythingDelivered);

    for (let round = 0; round < 3; round += 1) await reachesBridgeWithoutPolling(receiver);
  });

  it("makes its LISTEN connection again when PostgreSQL drops it, and is woken by NOTIFY again", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const { relay, logs } = await relays.start(receiver.url, { pollMs: 600_000 });
    await eventually("the backlog delivered", everythingDelivered);

    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()",
        ["LISTEN tsunagi_outbox"],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await eventually("the relay noticed", () => logs.some((entry) => entry.message === "lost the outbox notification connection; reconnecting"));
    await eventually("listening again", () => relay.status().listening);

    await reachesBridgeWithoutPolling(receiver);
  });

  it("polls when no NOTIFY comes: a row written without one is delivered within the poll interval", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    await relays.start(receiver.url, { pollMs: 300 });
    await eventually("the backlog delivered", everythingDelivered);
    const change = await commitConsentChange();
    // Take the row back to undelivered behind the relay's back: no NOTIFY is sent for that.
    await eventually("delivered once", async () => (await outboxRow(change.event.id)).bridgeDeliveredAt !== null);
    const before = receiver.batches.length;
    await getDatabase().consentOutbox.update({ where: { eventId: change.event.id }, data: { bridgeDeliveredAt: null } });
    await eventually("delivered again by the poll", async () => (await outboxRow(change.event.id)).bridgeDeliveredAt !== null, 3_000);
    expect(receiver.batches.length).toBeGreaterThan(before);
  });
});

describe("the relay's API token", () => {
  it("is issued once with scope bridge:ingest, kept in <TSUNAGI_DATA_DIR>/relay-token readable only by its owner, and reused", async () => {
    const file = relayTokenFile(getEnv());
    expect(file).toBe(`${dataDir.path}/relay-token`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await resolveRelayToken(getEnv());
    expect(again).toBe(relays.token);
    expect(await authenticateApiToken({ authorization: `Bearer ${relays.token}`, scope: "bridge:ingest" })).toMatchObject({ ok: true, token: { name: "Outbox relay" } });
    expect(await getDatabase().apiToken.count({ where: { name: "Outbox relay" } })).toBe(1);
    const row = await getDatabase().apiToken.findFirstOrThrow({ where: { name: "Outbox relay" } });
    expect(row.scopes).toEqual(["bridge:ingest"]);
  });

  it("is replaced when the kept one was revoked, and RELAY_TOKEN wins over the file", async () => {
    const row = await getDatabase().apiToken.findFirstOrThrow({ where: { name: "Outbox relay", revokedAt: null } });
    await getDatabase().apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    const replaced = await resolveRelayToken(getEnv());
    expect(replaced).not.toBe(relays.token);
    expect(await resolveRelayToken(getEnv())).toBe(replaced);
    expect(await resolveRelayToken(parseEnv({ ...process.env, RELAY_TOKEN: "tsg_given.secret" }))).toBe("tsg_given.secret");
    relays.token = replaced;
  });
});
