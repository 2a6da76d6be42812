import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import type { OutboxRelay } from "@tsunagi/outbox-relay/start-outbox-relay";
import { useTestDatabase } from "../support/database";
import { issueTestToken, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";
import { eventually } from "../support/outbox-fixtures";

// The relay against the real bridge (services/pipeline-bridge/src), both on this file's database: what the relay sends is
// what the bridge's ingest and heartbeat endpoints accept, and the bridge's freshness rests on the relay.
const database = useTestDatabase();
useTempDataDir();

const STALENESS_MS = 1_000;
const relays = useTestRelays();
let gateToken = "";
beforeAll(async () => {
  gateToken = await issueTestToken(["gate:analyze", "gate:store"]);
});

async function startBridge(): Promise<TestBridge> {
  const bridge = await startTestBridge(database.url, { stalenessMs: STALENESS_MS });
  relays.defer(() => bridge.close());
  return bridge;
}

async function startRelay(bridge: TestBridge, options: { pollMs?: number } = {}): Promise<OutboxRelay> {
  return (await relays.start(bridge.url, { relayId: "relay-e2e", ...options })).relay;
}

interface Decision {
  allowed: boolean;
  reason: string;
  eventId?: string;
}

async function analyse(bridge: TestBridge, subject: string): Promise<Decision> {
  const { status, body } = await bridge.post("/v1/decisions", { subject, action: "analyze", purpose: "DUO:0000006" }, gateToken);
  expect(status).toBe(200);
  return (body as { decisions: Decision[] }).decisions[0]!;
}

describe("the relay feeding the real bridge", () => {
  it("keeps the bridge ready and its projection current: a withdrawal in the app turns an allow into a deny within a second or so", async () => {
    const participant = await consentedParticipant();
    const bridge = await startBridge();
    expect((await bridge.get("/readyz")).body).toMatchObject({ ready: false, reason: "projection_stale" });

    await startRelay(bridge);
    await eventually("the grant delivered", async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0);
    await eventually("the bridge ready", async () => (await bridge.get("/readyz")).status === 200);
    const sample = participant.sampleCodes[0]!;
    expect(await analyse(bridge, sample)).toMatchObject({ allowed: true, reason: "consented" });

    const withdrawal = await withdrawOnline(participant, { language: "ja" });
    const denied = await eventually("the withdrawal at the bridge", async () => {
      const decision = await analyse(bridge, sample);
      return decision.allowed ? undefined : decision;
    }, 5_000);
    expect(denied).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use", eventId: withdrawal.id });
    // ADR 018, as the participant's page now says: what exists is kept after "no further use" (store allowed, the
    // reason telling storage it is frozen), and a later "destroy" tells storage to destroy it.
    const store = async () => ((await bridge.post("/v1/decisions", { subject: sample, action: "store" }, gateToken)).body as { decisions: Decision[] }).decisions[0]!;
    expect(await store()).toMatchObject({ allowed: true, reason: "withdrawn_no_further_use", eventId: withdrawal.id });
    const destroy = await withdrawOnline(participant, { language: "ja", level: "destroy" });
    const destroyed = await eventually("the destroy at the bridge", async () => {
      const decision = await store();
      return decision.allowed ? undefined : decision;
    }, 5_000);
    expect(destroyed).toMatchObject({ allowed: false, eventId: destroy.id });
    // The sample itself is recorded destroyed, which the bridge checks first.
    expect(["withdrawn_destroy", "sample_destroyed"]).toContain(destroyed.reason);
    // The bridge applies before it answers 200, and the relay stamps after: the stamp may trail the deny a little.
    const rows = await eventually("both rows stamped", async () => {
      const found = await getDatabase().consentOutbox.findMany({ where: { pseudonym: participant.pseudonym } });
      return found.every((row) => row.bridgeDeliveredAt !== null) && found;
    });
    expect(rows.map((row) => row.attempts)).toEqual([0, 0, 0]);
  });

  it("a withdrawal the bridge cannot take yet (its tables locked) makes it deny at once rather than answer from the state before", async () => {
    // The relay reaches the bridge (its heartbeats are answered) but the withdrawal's delivery hangs: another
    // transaction holds the bridge's table. Its mark of what the bridge acknowledged stays below the withdrawal, so a
    // heartbeat carrying it would keep the bridge ready on the old state for as long as the lock lasts.
    const participant = await consentedParticipant();
    const bridge = await startBridge();
    await relays.start(bridge.url, { relayId: "relay-held", maxLagMs: 300 });
    await eventually("delivered", async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0);
    await eventually("the bridge ready", async () => (await bridge.get("/readyz")).status === 200);
    const sample = participant.sampleCodes[0]!;
    expect((await analyse(bridge, sample)).allowed).toBe(true);

    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    relays.defer(() => holder.end());
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE bridge.consent_change IN EXCLUSIVE MODE");
    let locked = true;
    relays.defer(async () => {
      if (locked) await holder.query("ROLLBACK");
    });
    await withdrawOnline(participant, { language: "ja" });
    // Within the relay's lag bound and a heartbeat (well inside the bridge's 1 s staleness bound), every answer is a deny.
    const stale = await eventually("the bridge stale while the withdrawal waits", async () => {
      const decision = await analyse(bridge, sample);
      return decision.allowed ? undefined : decision;
    }, 4_000);
    expect(stale).toMatchObject({ allowed: false, reason: "projection_stale" });
    expect((await bridge.get("/readyz")).body).toMatchObject({ ready: false, reason: "projection_stale" });
    // And it stays so until the withdrawal is in: heartbeats keep arriving, each saying there is more than it holds.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await analyse(bridge, sample)).toMatchObject({ allowed: false, reason: "projection_stale" });

    await holder.query("ROLLBACK");
    locked = false;
    const withdrawn = await eventually("the withdrawal applied", async () => {
      const decision = await analyse(bridge, sample);
      return decision.reason === "withdrawn_no_further_use" ? decision : undefined;
    }, 10_000);
    expect(withdrawn.allowed).toBe(false);
    expect((await bridge.get("/readyz")).status).toBe(200);
  });

  it("without the relay the bridge goes stale and denies; a second delivery of what it has is kept once and changes nothing", async () => {
    const participant = await consentedParticipant();
    const bridge = await startBridge();
    // Un-stamping a row sends no notification: the relay finds it on its next poll (5 s in service). A short poll here
    // keeps the wait about the redelivery, not the poll's phase (a 5 s wait against a 5 s poll failed CI at stop 44).
    const relay = await startRelay(bridge, { pollMs: 200 });
    await eventually("delivered", async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0);
    await eventually("the bridge ready", async () => (await bridge.get("/readyz")).status === 200);
    const sample = participant.sampleCodes[0]!;
    expect((await analyse(bridge, sample)).allowed).toBe(true);

    // Undo the stamp: the relay delivers the rows again (at least once), and the bridge dedupes by event id.
    const before = (await bridge.get(`/v1/subjects/${participant.pseudonym}`, gateToken)).body;
    await getDatabase().consentOutbox.updateMany({ where: { pseudonym: participant.pseudonym }, data: { bridgeDeliveredAt: null } });
    await eventually("delivered again", async () => (await getDatabase().consentOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0, 5_000);
    const after = (await bridge.get(`/v1/subjects/${participant.pseudonym}`, gateToken)).body as Record<string, unknown>;
    const { jws: _beforeJws, evaluatedAt: _beforeAt, ...beforeSummary } = before as Record<string, unknown>;
    const { jws: _afterJws, evaluatedAt: _afterAt, ...afterSummary } = after;
    expect(afterSummary).toEqual(beforeSummary);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const kept = await client.query<{ count: string }>("SELECT count(*)::text AS count FROM bridge.consent_change WHERE pseudonym = $1", [participant.pseudonym]);
      expect(kept.rows[0]!.count).toBe("1");
    } finally {
      await client.end();
    }

    await relay.stop();
    await new Promise((resolve) => setTimeout(resolve, STALENESS_MS + 300));
    expect((await bridge.get("/readyz")).body).toMatchObject({ ready: false, reason: "projection_stale" });
    expect(await analyse(bridge, sample)).toMatchObject({ allowed: false, reason: "projection_stale" });
  });
});
