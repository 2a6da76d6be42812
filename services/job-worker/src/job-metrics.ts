import type pg from "pg";
import type { Runner } from "graphile-worker";
import { JOB_QUEUE_SCHEMA } from "@tsunagi/service-kit/database-login";
import { counter, gauge } from "@tsunagi/service-kit/metrics";

/**
 * The job queue as those who run Tsunagi watch it (issue 61, ADR 169; docs/operations.md, "What to watch"): every run by
 * task and outcome (success; error: it will be tried again; failed: its attempts are spent and it is parked for
 * /staff/jobs), and, counted when scraped, the jobs due and waiting, parked, and how long the oldest due one has waited.
 */
const runs = counter("tsunagi_jobs_runs_total", "Job runs by task and outcome: success, error (tried again after a backoff), failed (attempts spent; parked)", ["task", "outcome"]);

export function recordJobRuns(events: Runner["events"]): void {
  events.on("job:success", ({ job }) => runs.inc({ task: job.task_identifier, outcome: "success" }));
  events.on("job:error", ({ job }) => runs.inc({ task: job.task_identifier, outcome: "error" }));
  events.on("job:failed", ({ job }) => runs.inc({ task: job.task_identifier, outcome: "failed" }));
}

let watched: pg.Pool | undefined;

/** The queue a scrape reads: the worker last started in this process. */
export function watchJobQueue(pool: pg.Pool): () => void {
  watched = pool;
  return () => {
    if (watched === pool) watched = undefined;
  };
}

interface DepthRow {
  task: string;
  due: string;
  later: string;
  parked: string;
  oldest_due_seconds: number | null;
}

// One statement feeds every gauge below in a scrape: each waits for the same read.
let reading: Promise<DepthRow[] | undefined> | undefined;
const readDepth = () =>
  (reading ??= (async () => {
    const pool = watched;
    if (!pool) return undefined;
    try {
      const { rows } = await pool.query<DepthRow>(`
        SELECT task_identifier AS task,
               count(*) FILTER (WHERE attempts < max_attempts AND run_at <= now() AND locked_at IS NULL)::text AS due,
               count(*) FILTER (WHERE attempts < max_attempts AND run_at > now())::text AS later,
               count(*) FILTER (WHERE attempts >= max_attempts)::text AS parked,
               EXTRACT(EPOCH FROM now() - min(run_at) FILTER (WHERE attempts < max_attempts AND run_at <= now() AND locked_at IS NULL))::float8 AS oldest_due_seconds
          FROM ${JOB_QUEUE_SCHEMA}.jobs GROUP BY task_identifier`);
      return rows;
    } catch {
      return undefined;
    } finally {
      setTimeout(() => (reading = undefined), 100).unref();
    }
  })());

gauge("tsunagi_jobs_waiting", "Jobs in the queue by task and state: due (may run now), later (a retry's backoff, a paced letter), parked (attempts spent)", ["task", "state"], async function collect() {
  const rows = await readDepth();
  this.reset();
  for (const row of rows ?? []) {
    this.set({ task: row.task, state: "due" }, Number(row.due));
    this.set({ task: row.task, state: "later" }, Number(row.later));
    this.set({ task: row.task, state: "parked" }, Number(row.parked));
  }
});
gauge("tsunagi_jobs_oldest_due_seconds", "How long the oldest job that may run now has been due (0: none): the queue falling behind", [], async function collect() {
  const rows = await readDepth();
  this.reset();
  if (rows) this.set(Math.max(0, ...rows.map((row) => row.oldest_due_seconds ?? 0)));
});
gauge("tsunagi_jobs_queue_readable", "1 when the scrape could read the job queue, 0 when it could not (the figures above are then missing)", [], async function collect() {
  this.set((await readDepth()) ? 1 : 0);
});
