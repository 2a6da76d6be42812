// Bridge replicas fed from NATS JetStream (issue 17 item 1; ADR 051): each follows the consent stream as its own
// durable consumer, applies changes by the version rule, answers decisions from memory, and fails closed on its own
// staleness (the relay's heartbeat on NATS). Data-access approvals travel the same way on their own stream (issue 27
// item 3), and a revocation racing a release leaves nothing to ship. Real PostgreSQL, a private NATS server, the real
// relay and bridges; the relay's HTTP deliveries go to a receiver that is no bridge, so the replicas have only NATS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { revokeApproval } from "../../app/domain/access/approvals/change-approval-status.server";
import { createTestApproval } from "../support/approvals";
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
let releaseToken: string;
beforeAll(async () => {
  nats = await startNatsServer();
  gateToken = await issueTestToken(["gate:analyze"]);
  releaseToken = await issueTestToken(["gate:release", "gate:datasets"]);
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

describe("approvals on their own stream (issue 27 item 3)", () => {
  interface ReleaseAnswer {
    status: number;
    body: { error?: string; reason?: string; releaseId?: string; includedCount?: number };
  }

  it("replicas hold an approval and its revocation from the stream alone; a release racing the revocation is refused or, re-checked, ships nothing; without the relay, releases under approvals are refused and /readyz says why", async () => {
    const receiver = await startOutboxReceiver({ token: relays.token });
    const { relay } = await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-approvals-stream", heartbeatMs: 200 });
    const replicas = [await startReplica("approvals-1"), await startReplica("approvals-2")];
    const participant = await consentedParticipant();
    const approval = await createTestApproval({ datasets: ["lung-2026"], purposeCodes: ["HMB"] });
    // Other samples, unknown to the bridge, make the release's own work longer, so the revocation can land during it.
    const filler = Array.from({ length: 20_000 }, (_, index) => `S-RACE${String(index).padStart(6, "0")}`);
    const release = (replica: TestBridge, samples: string[]) =>
      replica.post("/v1/releases", { dataset: "lung-2026", samples, recipient: "academia", purpose: "DUO:0000006", approval: approval.id }, releaseToken) as Promise<ReleaseAnswer>;

    for (const replica of replicas) {
      const dataset = await replica.put("/v1/datasets/lung-2026", { title: "Lung 2026", clockStartsAt: "2026-01-01T00:00:00Z" }, releaseToken);
      expect(dataset.status).toBe(200);
      await eventually("caught up, the approval held", async () => (await caughtUp(replica)) && replica.context.approvals.record(approval.id) && replica.context.approvalHealth.current().ready, 20_000);
      expect(replica.context.approvalStream?.consumerName).toBe(replica.context.consentStream?.consumerName);
      expect(await release(replica, participant.sampleCodes)).toMatchObject({ status: 201, body: { includedCount: 2 } });
      expect(((await replica.get("/readyz")).body as { approvals: { fresh: boolean } }).approvals.fresh).toBe(true);
    }

    // The race: a release under the approval is in flight on the first replica when the app revokes the approval.
    const racing = release(replicas[0]!, [...participant.sampleCodes, ...filler]);
    await revokeApproval({ approvalId: approval.id, expectedVersion: 1, reason: "Data shared beyond the approved project", actor: { userId: randomUUID() } });
    const raced = await racing;
    expect([201, 403]).toContain(raced.status);
    if (raced.status === 403) expect(raced.body).toMatchObject({ error: "release_denied", reason: "approval_revoked" });

    for (const replica of replicas) {
      // The revocation reached each replica over NATS: a new release is refused.
      const denied = await eventually("the revocation at the replica", async () => {
        const answer = await release(replica, participant.sampleCodes);
        return answer.status === 403 && answer;
      });
      expect(denied.body).toMatchObject({ error: "release_denied", reason: "approval_revoked" });
      // And every release ever made under the approval (the replicas share one schema) — the raced one, and any made
      // while the revocation was on its way — ships nothing now.
      const { rows } = await replica.context.db.query<{ id: string }>(`SELECT id::text FROM bridge.release WHERE approval_id = $1`, [approval.id]);
      expect(rows.length).toBeGreaterThanOrEqual(raced.status === 201 ? 3 : 2);
      if (raced.status === 201) expect(rows.map((row) => row.id)).toContain(raced.body.releaseId);
      for (const { id } of rows) {
        const shown = (await replica.get(`/v1/releases/${id}`, releaseToken)).body as { recheck: { stillIncludedCount: number; excludedSinceCounts: Record<string, number> } };
        expect(shown.recheck).toMatchObject({ stillIncludedCount: 0, excludedSinceCounts: { approval_revoked: 2 } });
      }
    }

    // Both messages went out on the approvals' stream, each stamped as published.
    await eventually("both approval messages stamped for NATS", async () => (await getDatabase().approvalOutbox.count({ where: { approvalId: approval.id, natsDeliveredAt: null } })) === 0);

    // The relay stops: no approval heartbeat, so each replica refuses releases under approvals and says so.
    await relay.stop();
    for (const replica of replicas) {
      // Waited for on /readyz, which says it of approvals alone: a release is refused as soon as the consent
      // heartbeat is stale, a moment before the approval heartbeat sent after it in the same round (run 27).
      await eventually("approvals stale without the relay", async () => ((await replica.get("/readyz")).body as { approvals: { fresh: boolean } }).approvals.fresh === false, 10_000);
      expect(await release(replica, participant.sampleCodes)).toMatchObject({ status: 503, body: { error: "projection_stale" } });
    }
  }, 90_000);
});
