/**
 * The job queue in tests: run what is due, in-process, the way the worker in `npm start` would (the same task list,
 * the same graphile-worker, the same database). Nothing is mocked and nothing waits on a clock.
 */
import { runDueJobs } from "../../app/wiring/job-runner.server";
import { getDatabase } from "../../app/db.server";

export { runDueJobs };

/**
 * Moves every job that is waiting out a retry's backoff to now, as if its time had come: graphile-worker's backoff is
 * e^attempts seconds, which a test should not sit through. Parked jobs (attempts spent) stay parked.
 */
export async function endRetryBackoff(): Promise<number> {
  return getDatabase().$executeRaw`
    UPDATE graphile_worker._private_jobs SET run_at = now() WHERE attempts > 0 AND attempts < max_attempts AND locked_at IS NULL`;
}

/** Runs due jobs, ending each retry's backoff, until none is left to run (parked jobs stay). */
export async function runJobsUntilSettled(rounds = 12): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await runDueJobs();
    if ((await endRetryBackoff()) === 0) return;
  }
}

export interface QueuedJobRow {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
}

export async function queuedJobs(): Promise<QueuedJobRow[]> {
  const rows = await getDatabase().$queryRaw<{ id: bigint; task_identifier: string; attempts: number; max_attempts: number; last_error: string | null }[]>`
    SELECT id, task_identifier, attempts, max_attempts, last_error FROM graphile_worker.jobs ORDER BY id`;
  return rows.map((row) => ({ id: String(row.id), task: row.task_identifier, attempts: row.attempts, maxAttempts: row.max_attempts, lastError: row.last_error }));
}

/**
 * As if `ms` had passed for the queue: every job waiting to run and not yet taken falls due that much sooner (a
 * notice's quiet period, ADR 122), so a test reaches what happens after it without sitting through it.
 */
export async function passQueueTime(ms: number): Promise<number> {
  return getDatabase().$executeRaw`
    UPDATE graphile_worker._private_jobs SET run_at = run_at - make_interval(secs => ${ms / 1000}::float8) WHERE locked_at IS NULL`;
}
