import { counter, gauge } from "@tsunagi/service-kit/metrics";

/**
 * The checkpointer's promises as metrics (issue 61, ADR 169; docs/operations.md, "What to watch"): a signed checkpoint
 * covers every consent event within a minute (ADR 012), the witness records each event outside the database within
 * milliseconds (ADR 113), and a rollback of the ledger is an incident. Times are Unix seconds, as Prometheus compares
 * them with `time()`.
 */
const attempts = counter("tsunagi_ledger_checkpoint_attempts_total", "Checkpoint attempts by outcome (taken, unchanged, busy, refused, failed)", ["outcome"]);
const covered = gauge("tsunagi_ledger_checkpoint_last_covered_timestamp_seconds", "When the last attempt found the ledger covered by a signed checkpoint (taken, or unchanged since one)");
const looks = counter("tsunagi_ledger_witness_looks_total", "The witness's looks at the ledger by outcome (recorded, unchanged, diverged, failed)", ["outcome"]);
const witnessed = gauge("tsunagi_ledger_witness_last_look_timestamp_seconds", "When the witness last looked at the ledger and recorded what it found");
const rollbacks = counter("tsunagi_ledger_rollbacks_total", "Events the witness recorded that the ledger no longer holds: each is an incident (npm run ledger:verify)");

export function recordCheckpointAttempt(outcome: string, now: number = Date.now()): void {
  attempts.inc({ outcome });
  if (outcome === "taken" || outcome === "unchanged") covered.set(now / 1000);
}

export function recordWitnessLook(outcome: string, now: number = Date.now()): void {
  looks.inc({ outcome });
  if (outcome === "recorded" || outcome === "unchanged") witnessed.set(now / 1000);
}

export function recordRollback(): void {
  rollbacks.inc();
}
