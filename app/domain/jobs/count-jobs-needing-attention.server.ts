import { getDatabase, type Database } from "../../db.server";

/**
 * How many jobs and mail messages /staff/jobs would show (`listJobsNeedingAttention`: jobs that failed at least once,
 * mail retrying, bounced or failed), and since when the oldest has waited: the home page's count for `jobs:manage`
 * (issue 55 Deliver 5). One statement, counts only.
 */
export async function countJobsNeedingAttention(db: Database = getDatabase()): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db.$queryRaw<{ count: number; oldest: Date | null }[]>`
    SELECT (j.count + m.count)::int AS "count", least(j.oldest, m.oldest) AS "oldest"
      FROM (SELECT count(*) AS count, min(created_at) AS oldest FROM graphile_worker.jobs WHERE attempts > 0 AND last_error IS NOT NULL) j,
           (SELECT count(*) AS count, min("updatedAt") AS oldest FROM "MailMessage" WHERE "state" IN ('retrying', 'bounced', 'failed')) m`;
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
}
