import type { Transaction } from "../../db.server";
import { defaultMaxAttempts, jobPayloadSchemas, type JobName, type JobPayload } from "./job-tasks";

export interface EnqueueJobOptions {
  /** Attempts before the job is parked; default `defaultMaxAttempts`. */
  maxAttempts?: number;
  /** Not before this time. */
  runAt?: Date;
  /** graphile-worker's job key: a second job with the same key replaces the first while it waits. */
  jobKey?: string;
}

/**
 * Adds a job inside the caller's transaction: `graphile_worker.add_job` is plain SQL, so the job commits or rolls back
 * with the rows that asked for it (a consent event and its follow-up, a mail row and its delivery). A crash between
 * commit and pickup loses nothing; a rolled-back transaction leaves no job behind. The worker hears of it through
 * the NOTIFY the insert raises at commit. Returns the job's id.
 */
export async function enqueueJob<N extends JobName>(tx: Transaction, name: N, payload: JobPayload<N>, options: EnqueueJobOptions = {}): Promise<string> {
  const { payload: parsed, maxAttempts } = jobArguments(name, payload, options);
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT (graphile_worker.add_job(
      ${name}::text,
      payload => ${JSON.stringify(parsed)}::json,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${maxAttempts}::int,
      job_key => ${options.jobKey ?? null}::text
    )).id AS id`;
  return String(rows[0]!.id);
}

/** A job as `graphile_worker.add_job` takes it, its payload validated: for a statement that adds it beside other writes (the ledger append's). */
export interface JobArguments {
  name: JobName;
  payload: unknown;
  maxAttempts: number;
}

export function jobArguments<N extends JobName>(name: N, payload: JobPayload<N>, options: Pick<EnqueueJobOptions, "maxAttempts"> = {}): JobArguments {
  return { name, payload: jobPayloadSchemas[name].parse(payload), maxAttempts: options.maxAttempts ?? defaultMaxAttempts };
}
