import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { BridgePool } from "../db/bridge-pool";

const log = serviceLogger("bridge");

/** Often enough that a month's partition exists long before it begins, rarely enough to cost nothing. */
export const DECISION_LOG_MONTHS_CHECK_MS = 6 * 60 * 60 * 1000;

export interface DecisionLogMonthsKeeper {
  /** Resolves when the first check has finished (made what was missing, or failed and logged it). */
  readonly ready: Promise<void>;
  stop(): void;
}

/**
 * Makes the decision log's partitions for this month and the next three (the database function's default; ADR 053), at start and every few hours, so the bridge's own
 * writes never depend on the app's daily job. It never blocks a decision: a month without its partition is caught by
 * the default partition, and making the partition later moves those rows into it. A failure is logged and retried at
 * the next check.
 */
export function keepDecisionLogMonths(db: BridgePool, options: { checkMs?: number } = {}): DecisionLogMonthsKeeper {
  const check = async () => {
    try {
      const { rows } = await db.query<{ made: string[] }>("SELECT bridge.ensure_decision_log_partitions() AS made");
      const made = rows[0]?.made ?? [];
      if (made.length > 0) log.info({ partitions: made }, `made the decision log's partitions for ${made.length} coming month(s)`);
    } catch (error) {
      log.warn({ error: errorText(error) }, "could not make the decision log's coming months' partitions; rows wait in its default partition until the next check");
    }
  };
  const ready = check();
  const timer = setInterval(() => void check(), options.checkMs ?? DECISION_LOG_MONTHS_CHECK_MS);
  timer.unref();
  return { ready, stop: () => clearInterval(timer) };
}
