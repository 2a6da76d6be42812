import { getDatabase, type Database } from "../../db.server";
import type { ConsultationAudience } from "./consultation-model";

/** One cell: how many live responses gave this option (at this rank, for ranked questions) in this capacity. */
export interface AnswerCount {
  questionId: string;
  capacity: ConsultationAudience;
  /** The option id, or the scale point as text ("1"…"5"). */
  option: string;
  /** Ranked questions: the rank given (1 = first); other kinds: null. */
  rank: number | null;
  count: number;
}

export interface ConsultationCounts {
  /** Live (not withdrawn) responses per capacity. */
  responses: { capacity: ConsultationAudience; count: number }[];
  /** Per question and capacity, how many live responses answered it at all. */
  answered: { questionId: string; capacity: ConsultationAudience; count: number }[];
  answers: AnswerCount[];
  /** Free-text answers of live responses per question, by moderation state. */
  texts: { questionId: string; moderation: "pending" | "approved" | "hidden"; count: number }[];
}

/**
 * Exact counts of a consultation's live answers (issue 28 item 4; ADR 059), for its staff and for the published
 * report's disclosure control to work on — never published as they are. One pass over the responses in PostgreSQL:
 * each response's answers are unnested (an option id, a scale point, or each option of a multiple or ranked answer
 * with its rank), grouped by question, capacity, option and rank. Withdrawn responses count nowhere.
 */
export async function countConsultationAnswers(consultationId: string, db: Database = getDatabase()): Promise<ConsultationCounts> {
  const [responses, answered, answers, texts] = await Promise.all([
    db.$queryRaw<{ capacity: ConsultationAudience; count: number }[]>`
      SELECT "capacity"::text AS capacity, count(*)::int AS count FROM "ConsultationResponse"
      WHERE "consultationId" = ${consultationId}::uuid AND "withdrawnAt" IS NULL GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ questionId: string; capacity: ConsultationAudience; count: number }[]>`
      SELECT q."id"::text AS "questionId", r."capacity"::text AS capacity, count(*)::int AS count
      FROM "ConsultationResponse" r
      JOIN "ConsultationQuestion" q ON q."consultationId" = r."consultationId"
      WHERE r."consultationId" = ${consultationId}::uuid AND r."withdrawnAt" IS NULL
        AND (r."answers" ? q."id"::text OR EXISTS (SELECT 1 FROM "ConsultationAnswerText" t WHERE t."responseId" = r."id" AND t."questionId" = q."id"))
      GROUP BY 1, 2 ORDER BY 1, 2`,
    db.$queryRaw<AnswerCount[]>`
      SELECT e.key AS "questionId", r."capacity"::text AS capacity,
             COALESCE(a.value, e.value #>> '{}') AS option,
             CASE WHEN q."kind" = 'ranked' THEN a.ordinality::int END AS rank,
             count(*)::int AS count
      FROM "ConsultationResponse" r
      CROSS JOIN LATERAL jsonb_each(r."answers") e
      JOIN "ConsultationQuestion" q ON q."id"::text = e.key AND q."consultationId" = r."consultationId"
      LEFT JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.value) = 'array' THEN e.value ELSE '[]'::jsonb END)
        WITH ORDINALITY a(value, ordinality) ON true
      WHERE r."consultationId" = ${consultationId}::uuid AND r."withdrawnAt" IS NULL
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    db.$queryRaw<{ questionId: string; moderation: "pending" | "approved" | "hidden"; count: number }[]>`
      SELECT t."questionId"::text AS "questionId", t."moderation"::text AS moderation, count(*)::int AS count
      FROM "ConsultationAnswerText" t JOIN "ConsultationResponse" r ON r."id" = t."responseId"
      WHERE r."consultationId" = ${consultationId}::uuid AND r."withdrawnAt" IS NULL
      GROUP BY 1, 2 ORDER BY 1, 2`,
  ]);
  return { responses, answered, answers: answers.map((row) => ({ ...row, rank: row.rank ?? null })), texts };
}
