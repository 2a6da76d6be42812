import { getDatabase, type Database } from "../../db.server";

/**
 * How many free-text answers wait for moderation across every consultation, and since when the oldest was submitted
 * (issue 55 Deliver 5: the home page's count for `consultations:manage`, which links to /staff/consultations).
 * Answers of withdrawn responses are not moderated, so not counted (as in `listModerationQueue`).
 */
export async function countAnswersToModerate(db: Database = getDatabase()): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db.$queryRaw<{ count: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS "count", min(r."submittedAt") AS "oldest"
      FROM "ConsultationAnswerText" t
      JOIN "ConsultationResponse" r ON r."id" = t."responseId"
     WHERE t."moderation" = 'pending' AND r."withdrawnAt" IS NULL`;
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
}
