import pg from "pg";
import { parseCronItems, run, type CronItem, type Logger, type Runner, type TaskList } from "graphile-worker";
import { JOB_QUEUE_SCHEMA, SERVICE_ROLES } from "@tsunagi/service-kit/database-login";
import { recordJobRuns, watchJobQueue } from "./job-metrics";
import { wakeForLaterJobs } from "./wake-for-later-jobs";

/** The worker's own poll, a backstop behind the NOTIFY of each insert and the waker's for jobs due later (ADR 111). */
const BACKSTOP_POLL_MS = 60_000;

export interface JobQueueOptions {
  /** The app's login (ADR 055): the queue's tables let the application role in by policy (ADR 031). */
  databaseUrl: string;
  /** What each job does, by name: the app's handler table (app/wiring/job-runner.server.ts). */
  taskList: TaskList;
  /** The recurring jobs graphile-worker's crontab adds. */
  cronItems: CronItem[];
  logger: Logger;
  /** Jobs run at once (default 2). */
  concurrency?: number;
}

export interface JobQueue {
  stop(): Promise<void>;
}

/**
 * The queue's worker (ADR 031): picks jobs up as they commit (LISTEN/NOTIFY), and those due later (a paced letter, a
 * retry after its backoff) when they fall due, woken by `wakeForLaterJobs` (ADR 111); runs up to `concurrency` at a
 * time. Its own poll is only a backstop, once a minute: an idle system polled twice a second before (two workers,
 * every two seconds each), the most it spent on anything. One per deployment is enough; more are safe, since
 * graphile-worker locks each job it takes.
 */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  // As the application role, like every other part of the app (ADR 031).
  const pool = new pg.Pool({ connectionString: options.databaseUrl, options: `-c role=${SERVICE_ROLES.app}`, max: 4 });
  // An idle connection the server ends (a restart, a test dropping its database) must not crash the process; the
  // next query opens a new one. The same for a connection's own errors while the pool holds it.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      schema: JOB_QUEUE_SCHEMA,
      concurrency: options.concurrency ?? 2,
      pollInterval: BACKSTOP_POLL_MS,
      noHandleSignals: true,
      logger: options.logger,
      taskList: options.taskList,
      parsedCronItems: parseCronItems(options.cronItems),
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  recordJobRuns(runner.events);
  const unwatch = watchJobQueue(pool);
  const waker = wakeForLaterJobs(pool, runner.events, (error) => options.logger.warn(`could not ask when the next job falls due: ${(error as Error).message}`));
  return {
    async stop() {
      unwatch();
      waker.stop();
      await runner.stop();
      await pool.end().catch(() => undefined);
    },
  };
}
