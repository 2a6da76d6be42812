import { getDatabase, type Database, type Transaction } from "../../db.server";
import { recordKey } from "../transparency/index.server";
import type { ConsultationAudience } from "./consultation-model";
import { Prisma } from "../../generated/prisma/client";

/**
 * Every count carries its cell key (ADR 044's cell key method): the sum of the secret keys of the responses it counts,
 * computed in the same GROUP BY, so the same responses always get the same perturbation when published.
 */
interface Keyed {
  count: number;
  key: number;
}

/** One cell: how many live responses gave this option (at this rank, for ranked questions) in this capacity. */
export interface AnswerCount extends Keyed {
  questionId: string;
  capacity: ConsultationAudience;
  /** The option id, or the scale point as text ("1"…"5"). */
  option: string;
  /** Ranked questions: the rank given (1 = first); other kinds: null. */
  rank: number | null;
}

export interface ConsultationCounts {
  /** Live (not withdrawn) responses per capacity. */
  responses: ({ capacity: ConsultationAudience } & Keyed)[];
  /** Per question and capacity, how many live responses answered it at all. */
  answered: ({ questionId: string; capacity: ConsultationAudience } & Keyed)[];
  answers: AnswerCount[];
  /** Free-text answers of live responses per question, by moderation state. */
  texts: { questionId: string; moderation: "pending" | "approved" | "hidden"; count: number }[];
  /** Per theme and capacity, how many live responses have a free-text answer with that theme that is not hidden. */
  themes: ({ themeId: string; capacity: ConsultationAudience } & Keyed)[];
}

/** Which live responses a count covers: all of them, or (an interim release, ADR 115) those last changed before an instant. */
const changedBefore = (countedBefore: Date | null) => (countedBefore ? Prisma.sql`AND r."updatedAt" < ${countedBefore}` : Prisma.empty);

/**
 * The live responses with each one's key, hashed once per query (a materialised CTE) rather than once per unnested
 * answer: at 50,000 responses that is 50,000 hashes a query instead of about 250,000.
 */
const liveResponses = (consultationId: string, countedBefore: Date | null) => Prisma.sql`live AS MATERIALIZED (
  SELECT r."id", r."capacity", r."answers", ${recordKey(Prisma.raw(`r."id"`))} AS k FROM "ConsultationResponse" r
  WHERE r."consultationId" = ${consultationId}::uuid AND r."withdrawnAt" IS NULL ${changedBefore(countedBefore)})`;
const keySum = Prisma.sql`COALESCE(sum(r.k), 0)::bigint`;
/** A key sum arrives as a bigint (or text); below 2^53 for any real consultation (50,000 × 2^32 ≈ 2^48). */
const keyOf = (key: bigint | number | string) => Number(key);

/**
 * Exact counts of a consultation's live answers (issue 28 item 4; ADR 059), for a release's disclosure control to work
 * on (ADR 115) — never published or shown as they are. One pass over the responses in PostgreSQL: each response's
 * answers are unnested (an option id, a scale point, or each option of a multiple or ranked answer with its rank),
 * grouped by question, capacity, option and rank. Withdrawn responses count nowhere; with `countedBefore`, neither do
 * those changed at or after it (an interim release's cut).
 */
export async function countConsultationAnswers(
  consultationId: string,
  db: Database | Transaction = getDatabase(),
  options: { countedBefore?: Date | null } = {},
): Promise<ConsultationCounts> {
  const countedBefore = options.countedBefore ?? null;
  const live = (id: string) => liveResponses(id, countedBefore);
  // One statement at a time: in a transaction they share one connection anyway.
  const [questions, responses, answered, cells, texts, themes] = await sequentially([
    () => db.consultationQuestion.findMany({ where: { consultationId }, select: { id: true, kind: true } }),
    () => db.$queryRaw<{ capacity: ConsultationAudience; count: number; key: bigint }[]>`
      WITH ${live(consultationId)}
      SELECT r."capacity"::text AS capacity, count(*)::int AS count, ${keySum} AS key FROM live r GROUP BY 1 ORDER BY 1`,
    // A choice answer is a key of `answers`; a free-text answer is a row of its own (never both for one question).
    () => db.$queryRaw<{ questionId: string; capacity: ConsultationAudience; count: number; key: bigint }[]>`
      WITH ${live(consultationId)}
      SELECT r.question AS "questionId", r.capacity::text AS capacity, count(*)::int AS count, ${keySum} AS key FROM (
        SELECT jsonb_object_keys(r."answers") AS question, r."capacity", r.k FROM live r
        UNION ALL
        SELECT t."questionId"::text, r."capacity", r.k FROM "ConsultationAnswerText" t JOIN live r ON r."id" = t."responseId"
      ) r GROUP BY 1, 2 ORDER BY 1, 2`,
    // Every option given, with its place in the answer (ranks for ranked questions; merged below for the others).
    () => db.$queryRaw<{ questionId: string; capacity: ConsultationAudience; option: string; place: number | null; count: number; key: bigint }[]>`
      WITH ${live(consultationId)}
      SELECT e.key AS "questionId", r."capacity"::text AS capacity, COALESCE(a.value, e.value #>> '{}') AS option, a.ordinality::int AS place, count(*)::int AS count,
             ${keySum} AS key
      FROM live r
      CROSS JOIN LATERAL jsonb_each(r."answers") e
      LEFT JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.value) = 'array' THEN e.value ELSE '[]'::jsonb END)
        WITH ORDINALITY a(value, ordinality) ON true
      GROUP BY 1, 2, 3, 4`,
    () => db.$queryRaw<{ questionId: string; moderation: "pending" | "approved" | "hidden"; count: number }[]>`
      SELECT t."questionId"::text AS "questionId", t."moderation"::text AS moderation, count(*)::int AS count
      FROM "ConsultationAnswerText" t JOIN "ConsultationResponse" r ON r."id" = t."responseId"
      WHERE r."consultationId" = ${consultationId}::uuid AND r."withdrawnAt" IS NULL ${changedBefore(countedBefore)}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    () => db.$queryRaw<{ themeId: string; capacity: ConsultationAudience; count: number; key: bigint }[]>`
      SELECT r."themeId", r.capacity::text AS capacity, count(*)::int AS count, COALESCE(sum(${recordKey(Prisma.raw(`r."id"`))}), 0)::bigint AS key FROM (
        SELECT DISTINCT a."themeId"::text AS "themeId", r."capacity", r."id"
        FROM "ConsultationAnswerTheme" a
        JOIN "ConsultationAnswerText" t ON t."responseId" = a."responseId" AND t."questionId" = a."questionId"
        JOIN "ConsultationResponse" r ON r."id" = a."responseId"
        WHERE r."consultationId" = ${consultationId}::uuid AND r."withdrawnAt" IS NULL AND t."moderation" <> 'hidden' ${changedBefore(countedBefore)}
      ) r GROUP BY 1, 2 ORDER BY 1, 2`,
  ] as const);
  const ranked = new Set(questions.filter((question) => question.kind === "ranked").map((question) => question.id));
  const merged = new Map<string, AnswerCount>();
  for (const cell of cells) {
    const rank = ranked.has(cell.questionId) ? cell.place : null;
    const key = `${cell.questionId}\u0000${cell.capacity}\u0000${cell.option}\u0000${rank ?? ""}`;
    const held = merged.get(key);
    if (held) {
      held.count += cell.count;
      held.key += keyOf(cell.key);
    } else merged.set(key, { questionId: cell.questionId, capacity: cell.capacity, option: cell.option, rank, count: cell.count, key: keyOf(cell.key) });
  }
  const answers = [...merged.values()].sort(
    (a, b) => a.questionId.localeCompare(b.questionId) || a.capacity.localeCompare(b.capacity) || a.option.localeCompare(b.option) || (a.rank ?? 0) - (b.rank ?? 0),
  );
  return {
    responses: responses.map((row) => ({ ...row, key: keyOf(row.key) })),
    answered: answered.map((row) => ({ ...row, key: keyOf(row.key) })),
    answers,
    texts,
    themes: themes.map((row) => ({ ...row, key: keyOf(row.key) })),
  };
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/** Runs the queries one after another and returns their results in order. */
async function sequentially<const T extends readonly (() => Promise<unknown>)[]>(queries: T): Promise<Results<T>> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as Results<T>;
}
