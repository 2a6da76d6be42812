// After a restore, the consent stream is made again from the restored database (ADR 050; `npm run stream:reset`): the
// changes lost with the old database must not outlive it on the stream, or a replica reading it would hold a lost
// state and, by its version rule, ignore the restored ledger's next change — here, a withdrawal. The approvals' stream
// likewise: an extension lost with the database must not hide the restored app's revocation of the same version.
// Real PostgreSQL, a private NATS server, the real relay, backup, restore and bridge replicas.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { extendApproval, revokeApproval } from "../../app/domain/access/approvals/change-approval-status.server";
import { APPROVAL_STREAM } from "@tsunagi/consent-rules/approval-change-message";
import { CONSENT_STREAM } from "@tsunagi/consent-rules/consent-change-message";
import { createBackup } from "../../scripts/lib/backup/create-backup";
import { resetConsentStream } from "../../scripts/lib/backup/reset-consent-stream";
import { restoreBackup } from "../../scripts/lib/backup/restore-backup";
import { dropDatabase, withDatabase } from "../../scripts/lib/postgres";
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
let workDir: string;
let restoredName: string | undefined;
const originalUrl = () => database.url;

beforeAll(async () => {
  nats = await startNatsServer();
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "tsunagi-stream-reset-"));
});
afterAll(async () => {
  process.env.DATABASE_URL = originalUrl();
  resetEnvCache();
  await nats?.dispose();
  if (restoredName) await dropDatabase(database.adminUrl, restoredName).catch(() => undefined);
  await fs.rm(workDir, { recursive: true, force: true });
});

async function streamEventIds(stream = CONSENT_STREAM): Promise<string[]> {
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const ids: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (message) ids.push((message.json() as { eventId: string }).eventId);
    }
    return ids;
  } finally {
    await nc.close();
  }
}

async function startReplica(url: string, replicaId: string): Promise<TestBridge> {
  const replica = await startTestBridge(url, { stalenessMs: 2_000, consentStream: { natsUrl: nats.url, replicaId } });
  relays.defer(() => replica.close());
  return replica;
}

describe("[operator] restores a backup and resets the consent stream", () => {
  it("every replica then follows the restored ledger — a withdrawal and a revocation made after the restore are enforced — and no lost change is on either stream", async () => {
    const gateToken = await issueTestToken(["gate:analyze"]);
    const receiver = await startOutboxReceiver({ token: relays.token });
    const before = await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-before", heartbeatMs: 200 });
    const siteA = await startReplica(originalUrl(), "site-a");
    const participant = await consentedParticipant();
    await eventually("site-a has the grant", () => siteA.context.subjects.get(participant.pseudonym)?.version === 1, 20_000);
    const approval = await createTestApproval({ datasets: ["lung-2026"] });
    await eventually("site-a has the approval", () => siteA.context.approvals.record(approval.id)?.version === 1, 20_000);

    const backup = await createBackup({ databaseUrl: originalUrl(), dir: path.join(workDir, "backups"), generations: 3, method: "snapshot" });
    // A change after the backup: lost with the database, but already on the stream and held by site-a.
    const lost = await commitConsentChange(participant.id);
    await eventually("site-a has the lost change", () => siteA.context.subjects.get(participant.pseudonym)?.eventId === lost.event.id, 20_000);
    // So is an extension of the approval: its version 2, which the restored app will give to another change.
    const staff = { userId: randomUUID() };
    await extendApproval({ approvalId: approval.id, expectedVersion: 1, endsAt: new Date(Date.now() + 800 * 24 * 3600_000), reason: "Project extended", actor: staff });
    await eventually("site-a has the lost extension", () => siteA.context.approvals.record(approval.id)?.version === 2, 20_000);
    const lostExtension = await getDatabase().approvalOutbox.findUniqueOrThrow({ where: { approvalId_version: { approvalId: approval.id, version: 2 } } });

    // The database is lost: relays and replicas stop; the backup is restored into a new database.
    await before.relay.stop();
    await siteA.close();
    restoredName = `${database.name}_reset`;
    const restored = await restoreBackup({ file: backup.files.data, targetUrl: withDatabase(database.adminUrl, restoredName) });
    expect(restored.ok).toBe(true);

    const reset = await resetConsentStream({ natsUrl: nats.url, databaseUrl: restored.targetUrl });
    expect(reset.streamRemade).toBe(true);
    expect(reset.messagesDropped).toBeGreaterThanOrEqual(2);
    expect(reset.bridgeConsumersDeleted).toEqual(["bridge-site-a"]);
    expect(reset.otherConsumers).toEqual([]);
    expect(reset.outboxRowsToPublish).toBeGreaterThanOrEqual(1);
    expect(reset.approvals).toMatchObject({ streamRemade: true, bridgeConsumersDeleted: ["bridge-site-a"], otherConsumers: [] });
    expect(reset.approvals.messagesDropped).toBeGreaterThanOrEqual(2);
    expect(reset.approvals.outboxRowsToPublish).toBeGreaterThanOrEqual(1);
    expect(await streamEventIds()).toEqual([]);
    expect(await streamEventIds(APPROVAL_STREAM)).toEqual([]);

    // Service resumes on the restored database: the participant withdraws — their version 2 in this ledger.
    process.env.DATABASE_URL = restored.targetUrl;
    resetEnvCache();
    const withdrawal = await withdrawOnline(participant);
    expect((await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } })).version).toBe(2);
    // And the committee's secretariat revokes the approval: its version 2 in this database.
    const revocation = await revokeApproval({ approvalId: approval.id, expectedVersion: 1, reason: "Data shared beyond the approved project", actor: staff });
    expect(revocation.version).toBe(2);
    await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-after", heartbeatMs: 200, databaseUrl: restored.targetUrl });
    // site-a again under its id, and a site that joins only now and reads the whole stream.
    const sites = [await startReplica(restored.targetUrl, "site-a"), await startReplica(restored.targetUrl, "site-b")];
    for (const site of sites) {
      await eventually(`${site.context.consentStream?.consumerName} follows the restored ledger`, () => site.context.subjects.get(participant.pseudonym)?.eventId === withdrawal.id, 20_000);
      await eventually("ready", async () => (await site.get("/readyz")).status === 200, 20_000);
      const answer = await site.post("/v1/decisions", { subject: participant.sampleCodes[0], action: "analyze", purpose: "DUO:0000006" }, gateToken);
      expect((answer.body as { decisions: { allowed: boolean; reason: string }[] }).decisions[0]).toMatchObject({ allowed: false, reason: "withdrawn_no_further_use" });
      await eventually(`${site.context.consentStream?.consumerName} holds the revocation`, () => site.context.approvals.record(approval.id)?.scope.status === "revoked", 20_000);
    }
    const onStream = await streamEventIds();
    expect(onStream).toContain(withdrawal.id);
    expect(onStream).not.toContain(lost.event.id);
    const approvalsOnStream = await streamEventIds(APPROVAL_STREAM);
    expect(approvalsOnStream).not.toContain(lostExtension.eventId);
  }, 120_000);
});
