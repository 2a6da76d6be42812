import { getDatabase, type Database } from "../../../db.server";
import { fromStoredLanguage } from "../../../i18n/languages";
import { enqueueMail } from "../../mail/index.server";
import { lockApplication } from "../applications/application-audit.server";
import { membersAwaitingVote } from "./members-awaiting-vote.server";
import { dueVoteReminder, voteReminderDays, voteReminderKey } from "./vote-reminder-schedule";

const day = 86_400_000;

/**
 * The vote-reminder job (`committee.vote-reminders`, hourly; ADR 040 amended 2026-12-02). For every application whose
 * vote has been open at least as long as the first reminder waits: under the application's lock — so a vote, a close,
 * a decision or a withdrawal is either before this or after it, never half-seen — the reminder due now (vote-reminder-
 * schedule.ts) is queued for each member the vote still waits on, in their language. The mail log's source key makes it
 * one per member, round and kind however often the job runs. Each mail carries the `vote_reminder` contact check, so
 * a member who votes, declares a conflict or sees the vote closed between this run and the mail leaving is not sent it.
 * The mail names the application's reference and links to its page, nothing else of the application.
 */
export async function sendVoteReminders(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<{ queued: number }> {
  const now = options.now ?? new Date();
  const openSince = new Date(now.getTime() - voteReminderDays.first * day);
  const candidates = await db.dataAccessApplication.findMany({
    where: { state: "in_review", voteClosedAt: null, voteOpenedAt: { lte: openSince } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  let queued = 0;
  for (const { id } of candidates) {
    queued += await db.$transaction(async (tx) => {
      const application = await lockApplication(tx, id);
      if (!application || application.state !== "in_review" || application.voteClosedAt || !application.voteOpenedAt) return 0;
      const kind = dueVoteReminder(application.voteOpenedAt, now);
      if (!kind) return 0;
      let count = 0;
      for (const member of await membersAwaitingVote(tx, application, now)) {
        const messageId = await enqueueMail(
          {
            to: member.email,
            language: fromStoredLanguage(member.preferredLanguage),
            template: "vote-reminder",
            props: { reference: application.reference, kind, days: voteReminderDays[kind], reviewPath: `/committee/applications/${application.id}` },
            userId: member.userId,
            sourceKey: voteReminderKey({ applicationId: application.id, round: application.reviewRound, userId: member.userId, kind }),
            contactCheck: { kind: "vote_reminder", applicationId: application.id, round: application.reviewRound, userId: member.userId },
          },
          tx,
        );
        if (messageId) count += 1;
      }
      return count;
    });
  }
  return { queued };
}
