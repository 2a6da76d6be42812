import { getDatabase, type Database } from "../../../db.server";
import type { ApprovalDestination } from "./load-undelivered-approval-messages.server";

/**
 * The highest `seq` of an approval message such that every one up to it has been acknowledged by the destination ("0"
 * when none has). Rows are appended under one lock and commit in `seq` order (enqueueApprovalChange), so no lower row
 * can appear after this is read. A bridge compares it with what it applied: behind it, it denies releases under
 * approvals (projection_stale) rather than answer from an approval that may have been revoked since.
 */
export async function readApprovalHighWaterMark(destination: ApprovalDestination, db: Database = getDatabase()): Promise<string> {
  const rows =
    destination === "bridge"
      ? await db.$queryRaw<{ mark: string }[]>`
          SELECT COALESCE(MAX(o."seq"), 0)::text AS mark FROM "ApprovalOutbox" o
          WHERE o."seq" < COALESCE((SELECT MIN(u."seq") FROM "ApprovalOutbox" u WHERE u."bridgeDeliveredAt" IS NULL), 9223372036854775807)`
      : await db.$queryRaw<{ mark: string }[]>`
          SELECT COALESCE(MAX(o."seq"), 0)::text AS mark FROM "ApprovalOutbox" o
          WHERE o."seq" < COALESCE((SELECT MIN(u."seq") FROM "ApprovalOutbox" u WHERE u."natsDeliveredAt" IS NULL), 9223372036854775807)`;
  return rows[0]?.mark ?? "0";
}

/**
 * How long the oldest approval message the destination has not acknowledged has waited, in milliseconds by the
 * database's clock (0 when none waits). As for consent (readOutboxLagMs), the relay sends replicas no approval
 * heartbeat on NATS while this passes its bound, and claims the outbox's head to the bridge over HTTP (ADR 066): a
 * revocation held up must not leave them releasing under it.
 */
export async function readApprovalLagMs(destination: ApprovalDestination, db: Database = getDatabase()): Promise<number> {
  const rows =
    destination === "bridge"
      ? await db.$queryRaw<{ lag: number }[]>`
          SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 AS lag FROM "ApprovalOutbox" o WHERE o."bridgeDeliveredAt" IS NULL`
      : await db.$queryRaw<{ lag: number }[]>`
          SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 AS lag FROM "ApprovalOutbox" o WHERE o."natsDeliveredAt" IS NULL`;
  return Math.max(0, Number(rows[0]?.lag ?? 0));
}

/** The highest `seq` the approval outbox holds, delivered or not ("0" when empty); see readOutboxHead. */
export async function readApprovalHead(db: Database = getDatabase()): Promise<string> {
  const rows = await db.$queryRaw<{ head: string }[]>`SELECT COALESCE(MAX(o."seq"), 0)::text AS head FROM "ApprovalOutbox" o`;
  return rows[0]?.head ?? "0";
}
