import { getDatabase, type Database } from "../../../db.server";

/**
 * The highest `seq` of an approval message such that every one up to it has been acknowledged by the bridge ("0" when
 * none has). Rows are appended under one lock and commit in `seq` order (enqueueApprovalChange), so no lower row can
 * appear after this is read. The bridge compares it with what it applied: behind it, it denies releases under
 * approvals (projection_stale) rather than answer from an approval that may have been revoked since.
 */
export async function readApprovalHighWaterMark(db: Database = getDatabase()): Promise<string> {
  const rows = await db.$queryRaw<{ mark: string }[]>`
    SELECT COALESCE(MAX(o."seq"), 0)::text AS mark FROM "ApprovalOutbox" o
    WHERE o."seq" < COALESCE((SELECT MIN(u."seq") FROM "ApprovalOutbox" u WHERE u."bridgeDeliveredAt" IS NULL), 9223372036854775807)`;
  return rows[0]?.mark ?? "0";
}
