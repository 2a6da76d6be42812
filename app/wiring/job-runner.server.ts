import pg from "pg";
import { runOnce, type CronItem, type Task, type TaskList } from "graphile-worker";
import { APPLICATION_ROLE } from "../db.server";
import { getEnv } from "../env.server";
import { sendVoteReminders } from "../domain/access/index.server";
import { sendBriefingReminders } from "../domain/briefings/index.server";
import { inviteConsentSurveys } from "../domain/surveys/index.server";
import { notifyDecisionChange, notifyReportResponders } from "../domain/consultations/index.server";
import { pruneDeliveredOutbox } from "../domain/consent/index.server";
import { retireDecisionLogMonths } from "../domain/decision-log/index.server";
import { sendReconsentReminders } from "../domain/consent/index.server";
import { runConsentFollowUp } from "../domain/consent/index.server";
import { consentDocumentAttachment } from "../domain/consent/index.server";
import { deliverMailMessage, sendNotificationDigests } from "../domain/mail/index.server";
import { deliverPush, notifyDevices } from "../domain/push/index.server";
import { claimStudyInvitations, dispatchRecontactCampaign } from "../domain/recontact/index.server";
import { publishScheduledCheckpoint } from "../domain/transparency/index.server";
import { publishDueReports } from "../domain/transparency/index.server";
import { refreshTransparencySnapshot } from "../domain/transparency/index.server";
import { sendUpdateDigests } from "../domain/updates/index.server";
import { contactStillAllowed } from "./contact-still-allowed.server";
import { graphileLogger } from "../domain/jobs/index.server";
import { JOB_QUEUE_SCHEMA } from "@tsunagi/service-kit/database-login";
import { jobPayloadSchemas, type JobName, type JobPayload } from "../domain/jobs/index";

type Handler<N extends JobName> = (payload: JobPayload<N>, job: { attempts: number; maxAttempts: number }) => Promise<void>;

const handlers: { [N in JobName]: Handler<N> } = {
  "consent.follow-up": ({ consentEventId }) => runConsentFollowUp(consentEventId),
  "mail.deliver": ({ mailMessageId }, job) =>
    deliverMailMessage(mailMessageId, { attempt: job.attempts, maxAttempts: job.maxAttempts }, { contactGuard: (check) => contactStillAllowed(check), attachmentSource: consentDocumentAttachment }),
  "push.notify": async (payload) => void (await notifyDevices(payload)),
  "push.deliver": async (payload) => void (await deliverPush(payload, { contactGuard: (check) => contactStillAllowed(check) })),
  "recontact.dispatch": async ({ campaignId }) => void (await dispatchRecontactCampaign(campaignId)),
  "recontact.study-invitations": async () => void (await claimStudyInvitations()),
  "consultations.report-published": async ({ consultationId, version }) => void (await notifyReportResponders({ consultationId, version })),
  "consultations.decision-changed": async ({ changeId }) => void (await notifyDecisionChange({ changeId })),
  "notifications.digest": async () => void (await sendNotificationDigests()),
  "briefings.reminders": async () => void (await sendBriefingReminders()),
  "surveys.consent-experience": async () => void (await inviteConsentSurveys()),
  "updates.digest": async () => void (await sendUpdateDigests()),
  "transparency.snapshot": async () => void (await refreshTransparencySnapshot({ reason: "schedule" })),
  "transparency.checkpoint": async () => void (await publishScheduledCheckpoint()),
  "reports.publish-due": async () => void (await publishDueReports(new Date())),
  "outbox.prune": async () => {
    const env = getEnv();
    await pruneDeliveredOutbox({ retentionDays: env.OUTBOX_RETENTION_DAYS, requireNats: Boolean(env.NATS_URL) });
  },
  "decision-log.retire": async () => void (await retireDecisionLogMonths({ retentionMonths: getEnv().DECISION_LOG_RETENTION_MONTHS })),
  "committee.vote-reminders": async () => void (await sendVoteReminders()),
  "consent.reconsent-reminders": async () => void (await sendReconsentReminders()),
};

/**
 * The recurring jobs (graphile-worker's crontab; issue 16): the transparency snapshot and the published checkpoint at
 * the times the environment sets (hourly, and every 10 minutes, by default; ADR 114), scheduled reports every five minutes, the outbox's delivered
 * rows pruned daily at 03:17 (ADR 052), the decision log's upkeep daily at 03:37 (ADR 053) and the committee's vote
 * reminders hourly at :41 (ADR 040, 2026-12-02; each asks which reminders are due now), the studies' invitation questions
 * taken up every minute (ADR 138), re-consent reminders daily at
 * 09:05 in Japan (ADR 120), the weekly digest of news on Monday at 09:15 in Japan (ADR 147), and sessions' reminders hourly (ADR 148). A missed run (the app was
 * down) is not made up: the next one covers it, since each computes from the current state.
 */
export function transparencyCronItems(env: { TRANSPARENCY_SNAPSHOT_CRON: string; TRANSPARENCY_CHECKPOINT_CRON: string }): CronItem[] {
  // Objects, not crontab lines: a crontab line's task name may not hold the dot our job names carry.
  const options = { backfillPeriod: 0, maxAttempts: 3 };
  return [
    { task: "transparency.snapshot", identifier: "transparency-snapshot", match: env.TRANSPARENCY_SNAPSHOT_CRON, options },
    { task: "transparency.checkpoint", identifier: "transparency-checkpoint", match: env.TRANSPARENCY_CHECKPOINT_CRON, options },
    { task: "reports.publish-due", identifier: "reports-publish-due", match: "*/5 * * * *", options },
    { task: "outbox.prune", identifier: "outbox-prune", match: "17 3 * * *", options },
    { task: "decision-log.retire", identifier: "decision-log-retire", match: "37 3 * * *", options },
    { task: "committee.vote-reminders", identifier: "committee-vote-reminders", match: "41 * * * *", options },
    // A study's question is answered by the bridge at once; its invitations leave within the minute (ADR 138).
    { task: "recontact.study-invitations", identifier: "recontact-study-invitations", match: "* * * * *", options },
    // Monday 00:15 UTC is 09:15 on Monday in Japan: the week's news for those who chose the weekly digest (ADR 147).
    { task: "notifications.digest", identifier: "notifications-digest", match: "15 0 * * 1", options },
    // A session's reminder a day before (ADR 148): each hour, whoever has a place in one starting within 24 hours.
    { task: "briefings.reminders", identifier: "briefings-reminders", match: "23 * * * *", options },
    // 01:30 UTC is 10:30 in Japan: the survey of how consent felt arrives in the morning (ADR 149).
    { task: "surveys.consent-experience", identifier: "surveys-consent-experience", match: "30 1 * * *", options },
    // 00:05 UTC is 09:05 in Japan: a reminder arrives in the morning of the day it is due.
    { task: "consent.reconsent-reminders", identifier: "consent-reconsent-reminders", match: "5 0 * * *", options },
  ];
}

/**
 * The task list graphile-worker runs: each payload is parsed with its schema before its handler sees it. The job
 * worker (services/job-worker, ADR 129) runs it; tests and scripts run what is due in-process (`runDueJobs`).
 */
export const jobTaskList: TaskList = Object.fromEntries(
  (Object.keys(handlers) as JobName[]).map((name) => {
    const task: Task = async (payload, helpers) => {
      const parsed = jobPayloadSchemas[name].parse(payload);
      await (handlers[name] as Handler<typeof name>)(parsed as never, { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    };
    return [name, task];
  }),
);

function workerPool(databaseUrl: string): pg.Pool {
  // As the application role, like every other part of the app; the queue's tables let it in by policy (ADR 031).
  const pool = new pg.Pool({ connectionString: databaseUrl, options: `-c role=${APPLICATION_ROLE}`, max: 4 });
  // An idle connection the server ends (a test dropping its database) must not crash the process.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL ?? getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: the job runner needs PostgreSQL.");
  return url;
}

/** Runs every job that is due now, then returns: for tests and scripts that want the queue's effects in-process. */
export async function runDueJobs(): Promise<void> {
  const pool = workerPool(databaseUrl());
  try {
    await runOnce({ pgPool: pool, schema: JOB_QUEUE_SCHEMA, logger: graphileLogger, taskList: jobTaskList });
  } finally {
    await pool.end().catch(() => undefined);
  }
}
