import { z } from "zod";

/**
 * Every kind of job the queue runs, with the payload it carries. Payloads hold ids only: the job reads what it needs
 * from the database when it runs, so a name, an address or a secret never sits in the jobs table, and a job that
 * runs after a correction uses the corrected row.
 */
export const jobPayloadSchemas = {
  /** After a consent event commits: its PDF copy, then a notice mail per contact (with the PDF attached). */
  "consent.follow-up": z.object({ consentEventId: z.uuid() }).strict(),
  /** One row of the mail delivery log: render in the recipient's language and hand to SMTP. */
  "mail.deliver": z.object({ mailMessageId: z.uuid() }).strict(),
  /**
   * A mail that carries a prompt (ADR 110): one `push.deliver` per device of the recipient that hears this kind. The
   * kind is one of the mail concept's push kinds (checked when it runs; this concept cannot name them).
   */
  "push.notify": z.object({ mailMessageId: z.uuid(), kind: z.string().min(1).max(40) }).strict(),
  /** One prompt to one device: the send-time checks, then encrypted (RFC 8291) to its push service (RFC 8030). */
  "push.deliver": z.object({ subscriptionId: z.uuid(), mailMessageId: z.uuid(), kind: z.string().min(1).max(40) }).strict(),
  /** A claimed recontact campaign: single-use links made and its messages queued, a batch per transaction. */
  "recontact.dispatch": z.object({ campaignId: z.uuid() }).strict(),
  /** Every minute (cron): the studies' questions the bridge answered, taken up as invitations (ADR 138). */
  "recontact.study-invitations": z.object({ _cron: z.unknown().optional() }).strict(),
  /** A consultation's report version was published (ADR 063): a mail to everyone who answered it with an account. */
  "consultations.report-published": z.object({ consultationId: z.uuid(), version: z.number().int().positive() }).strict(),
  /** A consultation's decision moved (ADR 147): each account that answered it, as it chose, and each confirmed follower. */
  "consultations.decision-changed": z.object({ changeId: z.uuid() }).strict(),
  /** Monday mornings (cron): the week's news for every account that chose the weekly digest (ADR 147). */
  "notifications.digest": z.object({ _cron: z.unknown().optional() }).strict(),
  /** Hourly (cron): the reminder to everyone with a place in a session starting within a day (ADR 148). */
  "briefings.reminders": z.object({ _cron: z.unknown().optional() }).strict(),
  /** Daily (cron): the survey of how consent felt, to each participant whose first signature is two weeks old (ADR 149). */
  "surveys.consent-experience": z.object({ _cron: z.unknown().optional() }).strict(),
  /** The weekly digest of programme updates (ADR 038): every reader whose digest is due, one mail each. */
  "updates.digest": z.object({}).strict(),
  /**
   * Transparency (issue 16; ADRs 045, 046): run by the queue's cron, hourly by default. graphile-worker adds `_cron`
   * (the scheduled time) to a cron job's payload; nothing else may be in it.
   */
  "transparency.snapshot": z.object({ _cron: z.unknown().optional() }).strict(),
  "transparency.checkpoint": z.object({ _cron: z.unknown().optional() }).strict(),
  /** Daily: outbox rows every destination acknowledged more than OUTBOX_RETENTION_DAYS ago are deleted (ADR 052). */
  "outbox.prune": z.object({ _cron: z.unknown().optional() }).strict(),
  /** Daily: the decision log's coming months made, and months past DECISION_LOG_RETENTION_MONTHS summarised and dropped (ADR 053). */
  "decision-log.retire": z.object({ _cron: z.unknown().optional() }).strict(),
  /** Scheduled report versions whose time has come, and the next period's draft of a recurring report (ADR 048). */
  "reports.publish-due": z.object({ _cron: z.unknown().optional() }).strict(),
  /** Daily: a reminder to everyone still asked to re-consent as a version's deadline nears, two weeks and three days before (ADR 120). */
  "consent.reconsent-reminders": z.object({ _cron: z.unknown().optional() }).strict(),
  /** Hourly: a reminder to each committee member an open vote still waits on, when one is due (ADR 040, 2026-12-02). */
  "committee.vote-reminders": z.object({ _cron: z.unknown().optional() }).strict(),
} as const;

export type JobName = keyof typeof jobPayloadSchemas;
export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloadSchemas)[N]>;
export const jobNames = Object.keys(jobPayloadSchemas) as JobName[];

/**
 * Attempts before a job is parked (graphile-worker keeps it, with its last error, for /staff/jobs to retry). With its
 * exponential backoff (e^attempt seconds), eight attempts span about an hour and a half: long enough to ride out a
 * mail server's restart or a greylisting, short enough that staff hear of a real fault the same day.
 */
export const defaultMaxAttempts = 8;

export function isJobName(value: string): value is JobName {
  return Object.hasOwn(jobPayloadSchemas, value);
}
