import { serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database } from "../../db.server";

const log = serviceLogger("app");

/** The bridge's decision log keeps its rows this long at least, whatever is asked (ADR 053; the database enforces it too). */
export const MIN_DECISION_LOG_RETENTION_MONTHS = 36;

export interface RetiredDecisionLogMonth {
  partition: string;
  rowsRetired: number;
  summaryRows: number;
}

export interface DecisionLogUpkeep {
  /** Partitions made for the coming months. */
  made: string[];
  retired: RetiredDecisionLogMonth[];
  /** Closed partitions counted into the monthly roll-up the public snapshot reads (ADR 072). */
  rolledUp: RolledUpDecisionLogMonth[];
}

export interface RolledUpDecisionLogMonth {
  partition: string;
  rows: number;
  groups: number;
}

/**
 * The daily upkeep of the bridge's decision log (ADR 053), through the two database functions that are the only way
 * the app touches it: this and the next three months' partitions are made (as the bridge makes them too), and every month that ended more than
 * `retentionMonths` whole months before this one began is summarised (per Japan-time month, subject, client, action,
 * purpose, recipient and answer, into `bridge.decision_summary`, kept for good), recorded in
 * `bridge.decision_log_retired` and dropped, in one transaction per call; then every partition whose month closed more
 * than a day ago is counted once into `bridge.decision_rollup`, per Japan-time month, action and answer (ADR 072), so
 * the public snapshot reads the raw rows of open months only. The app cannot read, change or delete a decision row
 * itself.
 */
export async function retireDecisionLogMonths(input: { retentionMonths: number }, db: Database = getDatabase()): Promise<DecisionLogUpkeep> {
  if (!Number.isInteger(input.retentionMonths) || input.retentionMonths < MIN_DECISION_LOG_RETENTION_MONTHS) {
    throw new Error(`The decision log is kept at least ${MIN_DECISION_LOG_RETENTION_MONTHS} months (ADR 053), not ${input.retentionMonths}.`);
  }
  const made = await db.$queryRaw<{ made: string[] }[]>`SELECT bridge.ensure_decision_log_partitions() AS made`;
  const retired = await db.$queryRaw<{ partition_name: string; rows_retired: bigint; summary_rows: bigint }[]>`
    SELECT partition_name, rows_retired, summary_rows FROM bridge.retire_decision_log_months(${input.retentionMonths}::int)`;
  const rolledUp = await rollUpDecisionLogMonths(db);
  const upkeep = {
    made: made[0]?.made ?? [],
    retired: retired.map((row) => ({ partition: row.partition_name, rowsRetired: Number(row.rows_retired), summaryRows: Number(row.summary_rows) })),
    rolledUp,
  };
  for (const month of upkeep.rolledUp) log.info(month, `rolled up the decision log's ${month.partition}: ${month.rows} rows counted in ${month.groups} monthly groups`);
  for (const month of upkeep.retired) log.info(month, `retired the decision log's ${month.partition}: ${month.rowsRetired} rows kept as ${month.summaryRows} monthly summary rows`);
  return upkeep;
}

/**
 * Counts every closed month partition of the decision log (its UTC month ended more than `grace` ago) not yet rolled
 * up into `bridge.decision_rollup`, in one read-committed transaction (ADR 072). Rows arriving in such a partition later
 * are added to its roll-up by a trigger on it, so the roll-up always equals its rows.
 */
export async function rollUpDecisionLogMonths(db: Database = getDatabase(), grace = "1 day"): Promise<RolledUpDecisionLogMonth[]> {
  const rows = await db.$queryRaw<{ partition_name: string; rows_rolled_up: bigint; groups: bigint }[]>`
    SELECT partition_name, rows_rolled_up, groups FROM bridge.roll_up_decision_log_months(${grace}::interval)`;
  return rows.map((row) => ({ partition: row.partition_name, rows: Number(row.rows_rolled_up), groups: Number(row.groups) }));
}
