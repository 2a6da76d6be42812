import { getDatabase, type Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import { enqueueMail } from "../../mail/index.server";
import { participantContacts } from "../participants/index.server";

/**
 * How many days before a re-consent deadline the reminders go (ADR 120): two weeks, then three days. A stage is
 * skipped when the deadline was set closer than that — the notice sent at publishing is then still fresh.
 */
export const reconsentReminderDays = [14, 3] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

function japanDay(at: Date): string {
  return new Date(at.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * Reminds everyone still asked to decide on a version with a deadline, at the latest stage reached (a day the job did
 * not run is not made up twice over). One ReconsentReminder row per participant and stage, written in the same
 * transaction as their mails, so a run repeated (a retried job, two workers) mails nobody twice. Whoever has
 * re-consented, declined or withdrawn meanwhile is no longer `reconsent_required` on that version and hears nothing.
 * Returns how many participants were reminded.
 */
export async function sendReconsentReminders(now: Date = new Date(), db: Database = getDatabase()): Promise<number> {
  const today = japanDay(now);
  const deadlines = await db.reconsentDeadline.findMany({ where: { deadline: { gte: new Date(`${today}T00:00:00Z`) } } });
  const url = new URL("/consent/journey", getEnv().APP_URL).toString();
  let reminded = 0;
  for (const row of deadlines) {
    const deadline = row.deadline.toISOString().slice(0, 10);
    const daysLeft = Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    const setDaysBefore = Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${japanDay(row.updatedAt)}T00:00:00Z`)) / DAY_MS);
    const stage = reconsentReminderDays.filter((days) => daysLeft <= days && setDaysBefore > days).at(-1);
    if (stage === undefined) continue;
    const pending = await db.consentState.findMany({ where: { status: "reconsent_required", pendingFormVersionId: row.formVersionId }, select: { participantId: true }, orderBy: { participantId: "asc" } });
    for (const { participantId } of pending) {
      const sent = await db.$transaction(async (tx) => {
        const { count } = await tx.reconsentReminder.createMany({ data: [{ formVersionId: row.formVersionId, participantId, daysBefore: stage }], skipDuplicates: true });
        if (count === 0) return false;
        for (const contact of await participantContacts(participantId, tx)) {
          await enqueueMail(
            {
              to: contact.email,
              language: contact.language,
              template: "consent-notice",
              props: { kind: "reconsent_reminder", name: contact.name, ...(contact.about ? { about: contact.about } : {}), url, deadline },
              participantId,
              userId: contact.userId,
            },
            tx,
          );
        }
        return true;
      });
      if (sent) reminded += 1;
    }
  }
  return reminded;
}
