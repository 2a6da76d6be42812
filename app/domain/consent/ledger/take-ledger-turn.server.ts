import pLimit from "p-limit";

/**
 * How many of this process's consent changes may be inside their transaction at once (ADR 167). Every append takes the
 * ledger's one lock in turn, so a third change in PostgreSQL at once only waits there: a backend asleep on the lock,
 * a connection held, one more process woken at every COMMIT on cores the relay and the bridge need. Two keep one
 * change under the lock while the next does what it can before it (its participant's lock, the journeys, the audit
 * row and the job).
 */
export const LEDGER_TURNS_PER_PROCESS = 2;

const turns = pLimit(LEDGER_TURNS_PER_PROCESS);

/**
 * Runs a consent change's transaction in one of this process's ledger turns: at once when one is free, otherwise after
 * the changes that came before it, in order (ADR 167). The wait is in this process, where it costs nothing, not in
 * PostgreSQL.
 */
export function takeLedgerTurn<T>(transaction: () => Promise<T>): Promise<T> {
  return turns(transaction);
}

/** The changes of this process in a turn now, and those waiting for one. */
export function ledgerTurns(): { active: number; waiting: number } {
  return { active: turns.activeCount, waiting: turns.pendingCount };
}
