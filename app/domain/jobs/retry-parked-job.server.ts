import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";

export const RetryParkedJobSchema = z.object({
  intent: z.literal("retry"),
  // graphile-worker's job ids are bigints; as text, at most 19 digits.
  jobId: z.string().trim().regex(/^[1-9]\d{0,18}$/),
});

/**
 * Sends a parked job round again: its attempts and last error start afresh (the audit row keeps the attempts it had spent) and
 * it is due now, and the worker is told at commit (the NOTIFY an insert raises), so it runs at once.
 * Checked and changed under the job's row lock, so a job that is not parked (still retrying, running, or already
 * retried by someone else a moment ago) is refused as not found, and two administrators retrying at once retry once.
 * A parked mail's row goes back to `queued`. Audited with the task and the attempts it had spent.
 */
export async function retryParkedJob(options: { jobId: string; context: AuditContext }, db: Database = getDatabase()): Promise<{ task: string }> {
  const { jobId } = RetryParkedJobSchema.pick({ jobId: true }).parse({ jobId: options.jobId });
  return db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ id: bigint; task: string; attempts: number; max_attempts: number; payload: unknown }[]>`
      SELECT jobs.id, tasks.identifier AS task, jobs.attempts, jobs.max_attempts, jobs.payload
        FROM graphile_worker._private_jobs AS jobs
        JOIN graphile_worker._private_tasks AS tasks ON tasks.id = jobs.task_id
       WHERE jobs.id = ${BigInt(jobId)} AND jobs.locked_at IS NULL
         FOR UPDATE OF jobs`;
    if (!job || job.attempts < job.max_attempts) throw new AppError("not_found");
    await tx.$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = 0, last_error = NULL, run_at = now(), updated_at = now() WHERE id = ${job.id}`;
    // An update raises no NOTIFY of its own; the insert's, sent at commit, has the worker look now, not at its next poll.
    await tx.$executeRaw`SELECT pg_notify('jobs:insert', '{"count":1}')`;
    const mailMessageId = job.task === "mail.deliver" ? z.object({ mailMessageId: z.uuid() }).safeParse(job.payload).data?.mailMessageId : undefined;
    if (mailMessageId) await tx.mailMessage.updateMany({ where: { id: mailMessageId, state: "failed" }, data: { state: "queued" } });
    await recordAuditEvent(
      tx,
      { type: "job.retried", outcome: "success", detail: { jobId, task: job.task, attempts: job.attempts, ...(mailMessageId ? { mailMessageId } : {}) } },
      { subjectUserId: null, ...options.context },
    );
    return { task: job.task };
  });
}
