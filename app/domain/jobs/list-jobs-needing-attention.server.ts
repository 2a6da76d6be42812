import { getDatabase, type Database } from "../../db.server";

export interface AttentionJob {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: Date;
  createdAt: Date;
  /** Attempts spent: the worker will not touch it again until someone retries it. */
  parked: boolean;
}

export interface AttentionMailMessage {
  id: string;
  template: string;
  language: string;
  state: "retrying" | "bounced" | "failed";
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
  /** Whose mail, by pseudonym only: the page names no address (identity stays on the participant's page). */
  participantPseudonym: string | null;
}

/**
 * What /staff/jobs shows: jobs that failed at least once (parked ones first) — an attempt with its error, not merely
 * an attempt: the worker counts one the moment it takes a job, so a retried or new job it is running now, which has
 * failed nothing yet, is not shown (a retried job left the page only once delivered, or came back while running) — and mail that is retrying, bounced or
 * failed. No payload, no address: a job is shown by its task and error, a message by template, language and, where it
 * is a participant's, their pseudonym. Newest first, a page each.
 */
export async function listJobsNeedingAttention(options: { limit?: number } = {}, db: Database = getDatabase()): Promise<{ jobs: AttentionJob[]; messages: AttentionMailMessage[] }> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const rows = await db.$queryRaw<{ id: bigint; task_identifier: string; attempts: number; max_attempts: number; last_error: string | null; run_at: Date; created_at: Date }[]>`
    SELECT id, task_identifier, attempts, max_attempts, last_error, run_at, created_at
      FROM graphile_worker.jobs
     WHERE attempts > 0 AND last_error IS NOT NULL
     ORDER BY (attempts >= max_attempts) DESC, updated_at DESC
     LIMIT ${limit}`;
  const messages = await db.mailMessage.findMany({
    where: { state: { in: ["retrying", "bounced", "failed"] } },
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: { id: true, template: true, language: true, state: true, attempts: true, lastError: true, updatedAt: true, participantId: true },
  });
  const participantIds = [...new Set(messages.map((message) => message.participantId).filter((id): id is string => id !== null))];
  const pseudonyms = new Map(
    (await db.participant.findMany({ where: { id: { in: participantIds } }, select: { id: true, pseudonym: true } })).map((row) => [row.id, row.pseudonym]),
  );
  return {
    jobs: rows.map((row) => ({
      id: String(row.id),
      task: row.task_identifier,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      lastError: row.last_error,
      runAt: row.run_at,
      createdAt: row.created_at,
      parked: row.attempts >= row.max_attempts,
    })),
    messages: messages.map((message) => ({
      id: message.id,
      template: message.template,
      language: message.language,
      state: message.state as AttentionMailMessage["state"],
      attempts: message.attempts,
      lastError: message.lastError,
      updatedAt: message.updatedAt,
      participantPseudonym: message.participantId ? (pseudonyms.get(message.participantId) ?? null) : null,
    })),
  };
}
