import type { Database } from "../../../db.server";

/**
 * Folds the cohort counts' appended differences into one row per key (ADR 074: `tsunagi_compact_cohort_counts`), so
 * that a count reads a few hundred rows however many consent changes came before it. Changes no sum, in any snapshot;
 * safe beside the triggers' appends and beside another compaction. Returns how many rows were folded.
 */
export async function compactCohortCounts(db: Database): Promise<number> {
  const [row] = await db.$queryRaw<{ folded: number }[]>`SELECT tsunagi_compact_cohort_counts() AS "folded"`;
  return row?.folded ?? 0;
}
