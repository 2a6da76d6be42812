import { getDatabase, type Database } from "../../../db.server";
import type { ApprovalDestination } from "./load-undelivered-approval-messages.server";

/**
 * How long the oldest approval message the destination has not acknowledged has waited (milliseconds by the
 * database's clock, 0 when none waits), and the highest `seq` such that every message up to it has been acknowledged
 * ("0" when none has) — in one statement, so from one snapshot. Rows are appended under one lock and commit in `seq`
 * order (enqueueApprovalChange), so no lower row can appear after this is read. A bridge compares the mark with what
 * it applied: behind it, it denies releases under approvals (projection_stale) rather than answer from an approval
 * that may have been revoked since. As for consent (readOutboxLagAndMark), the relay sends replicas no approval
 * heartbeat on NATS while the lag passes its bound, and claims the outbox's head to the bridge over HTTP (ADR 066).
 */
export async function readApprovalLagAndMark(destination: ApprovalDestination, db: Database = getDatabase()): Promise<{ lagMs: number; mark: string }> {
  const rows =
    destination === "bridge"
      ? await db.$queryRaw<{ lag: number; mark: string }[]>`
          SELECT (SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 FROM "ApprovalOutbox" o WHERE o."bridgeDeliveredAt" IS NULL) AS lag,
                 (SELECT COALESCE(MAX(o."seq"), 0)::text FROM "ApprovalOutbox" o
                   WHERE o."seq" < COALESCE((SELECT MIN(u."seq") FROM "ApprovalOutbox" u WHERE u."bridgeDeliveredAt" IS NULL), 9223372036854775807)) AS mark`
      : await db.$queryRaw<{ lag: number; mark: string }[]>`
          SELECT (SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 FROM "ApprovalOutbox" o WHERE o."natsDeliveredAt" IS NULL) AS lag,
                 (SELECT COALESCE(MAX(o."seq"), 0)::text FROM "ApprovalOutbox" o
                   WHERE o."seq" < COALESCE((SELECT MIN(u."seq") FROM "ApprovalOutbox" u WHERE u."natsDeliveredAt" IS NULL), 9223372036854775807)) AS mark`;
  return { lagMs: Math.max(0, Number(rows[0]?.lag ?? 0)), mark: rows[0]?.mark ?? "0" };
}

/** The highest `seq` the approval outbox holds, delivered or not ("0" when empty); see readOutboxHead. */
export async function readApprovalHead(db: Database = getDatabase()): Promise<string> {
  const rows = await db.$queryRaw<{ head: string }[]>`SELECT COALESCE(MAX(o."seq"), 0)::text AS head FROM "ApprovalOutbox" o`;
  return rows[0]?.head ?? "0";
}
