import { getDatabase, type Database } from "../../../db.server";
import type { OutboxLagAndMark } from "./read-outbox-lag.server";

/**
 * The bridge's lag and mark over both outboxes — the consent outbox's `globalSeq` (readOutboxLagAndMark) and the
 * approval outbox's `seq` (readApprovalLagAndMark) — in one statement: the relay's heartbeat each second is one round
 * trip instead of two (ADR 078). Each pair comes from one snapshot, as on its own, so each mark holds every row its
 * lag counted as acknowledged (ADR 051).
 */
export async function readBridgeLagsAndMarks(db: Database = getDatabase()): Promise<{ consent: OutboxLagAndMark; approvals: OutboxLagAndMark }> {
  const rows = await db.$queryRaw<{ consentLag: number; consentMark: string; approvalLag: number; approvalMark: string }[]>`
    SELECT (SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 FROM "ConsentOutbox" o WHERE o."bridgeDeliveredAt" IS NULL) AS "consentLag",
           (SELECT COALESCE(MAX(o."globalSeq"), 0)::text FROM "ConsentOutbox" o
             WHERE o."globalSeq" < COALESCE((SELECT MIN(u."globalSeq") FROM "ConsentOutbox" u WHERE u."bridgeDeliveredAt" IS NULL), 9223372036854775807)) AS "consentMark",
           (SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(a."createdAt")) * 1000, 0)::float8 FROM "ApprovalOutbox" a WHERE a."bridgeDeliveredAt" IS NULL) AS "approvalLag",
           (SELECT COALESCE(MAX(a."seq"), 0)::text FROM "ApprovalOutbox" a
             WHERE a."seq" < COALESCE((SELECT MIN(u."seq") FROM "ApprovalOutbox" u WHERE u."bridgeDeliveredAt" IS NULL), 9223372036854775807)) AS "approvalMark"`;
  const row = rows[0];
  return {
    consent: { lagMs: Math.max(0, Number(row?.consentLag ?? 0)), mark: row?.consentMark ?? "0" },
    approvals: { lagMs: Math.max(0, Number(row?.approvalLag ?? 0)), mark: row?.approvalMark ?? "0" },
  };
}
