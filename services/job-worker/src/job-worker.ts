/**
 * The job worker's composition root (ADR 031, 111, 129): the queue's worker (`./start-job-queue`, which imports nothing
 * of the app) given the app's handler table and recurring jobs (app/wiring/job-runner.server.ts: what puts many
 * concepts together, ADR 100), and beside it the calendar's work (app/wiring/scheduled-jobs.server.ts). It works as the
 * app's role (ADR 055) and reads the app's settings for its handlers (mail, PDFs, retention).
 *
 * Its entry (`./main.ts`) runs it as a deployment's service; `npm start` and `npm run dev` run it on one machine.
 */
import { graphileLogger } from "../../../app/domain/jobs/index.server";
import { getEnv } from "../../../app/env.server";
import { jobTaskList, transparencyCronItems } from "../../../app/wiring/job-runner.server";
import { startScheduledJobs } from "../../../app/wiring/scheduled-jobs.server";
import type { JobWorkerEnv } from "./job-worker-env";
import { startJobQueue } from "./start-job-queue";

export interface JobWorker {
  /** Runs the calendar's work (majority check, updates digest) now rather than a minute after start (ADR 111). */
  runScheduledJobsNow(): Promise<void>;
  /** Stops the calendar, then the queue's worker (a job running is finished first). */
  stop(): Promise<void>;
}

export async function startJobWorker(env: JobWorkerEnv, options: { concurrency?: number } = {}): Promise<JobWorker> {
  // The handlers' settings, checked now: a bad value stops the worker naming the variable, not at its first job.
  getEnv();
  const databaseUrl = process.env.DATABASE_URL ?? env.DATABASE_URL;
  if (!databaseUrl) throw new Error("The job worker needs DATABASE_URL (npm start provides it).");
  const queue = await startJobQueue({ databaseUrl, taskList: jobTaskList, cronItems: transparencyCronItems(env), logger: graphileLogger, concurrency: options.concurrency });
  const calendar = startScheduledJobs();
  return {
    runScheduledJobsNow: () => calendar.runNow(),
    async stop() {
      calendar.stop();
      await queue.stop();
    },
  };
}
