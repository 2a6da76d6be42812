import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage, toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { getEnv } from "../../env.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { ContactCheckVerdict } from "../mail";
import { enqueueMail, participantContactStillAllowed } from "../mail/index.server";
import { SURVEY_ANSWER_DAYS, SURVEY_DELAY_DAYS, SURVEY_INVITE_WINDOW_DAYS, type SurveyAnswer } from "./survey-questions";

const day = 86_400_000;

/**
 * The daily `surveys.consent-experience` job (ADR 149): each participant whose first signature is two weeks old (and
 * not yet two months: those who signed before the survey existed are not asked out of the blue) is asked once — a row,
 * written once whatever happens next, and a mail if they have an account, chose e-mail as their way to be contacted (or
 * chose none) and may be contacted. Never after a withdrawal or a recorded death or loss of capacity; the mail asks
 * again when it leaves. Without a mail, the survey waits at /consent/survey (a card on /consent is not built yet).
 */
export async function inviteConsentSurveys(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<{ invited: number; mailed: number }> {
  const now = options.now ?? new Date();
  const due = await db.$queryRaw<{ participantId: string; facilityId: string; userId: string | null; email: string | null; language: "ja" | "ja_easy" | "en"; channel: string | null }[]>`
    SELECT p."id"::text AS "participantId", p."facilityId"::text AS "facilityId", u."id"::text AS "userId", u."email",
           COALESCE(u."preferredLanguage", 'ja')::text AS "language", cs."choices" ->> 'recontact.channel' AS "channel"
      FROM (SELECT "participantId", min("occurredAt") AS "firstAt" FROM "ConsentEvent" WHERE "type" IN ('granted', 'proxy_granted') GROUP BY "participantId") f
      JOIN "Participant" p ON p."id" = f."participantId"
      JOIN "ConsentState" cs ON cs."participantId" = p."id"
      LEFT JOIN "User" u ON u."id" = p."userId" AND u."disabledAt" IS NULL
     WHERE f."firstAt" <= ${new Date(now.getTime() - SURVEY_DELAY_DAYS * day)} AND f."firstAt" > ${new Date(now.getTime() - SURVEY_INVITE_WINDOW_DAYS * day)}
       AND cs."status" <> 'withdrawn' AND cs."lifeEvent" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "ConsentSurvey" s WHERE s."participantId" = p."id")
     LIMIT 5000`;
  let invited = 0;
  let mailed = 0;
  const appUrl = getEnv().APP_URL;
  for (const row of due) {
    const outcome = await db.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO "ConsentSurvey" ("id", "participantId", "facilityId", "language", "invitedAt")
        VALUES (gen_random_uuid(), ${row.participantId}::uuid, ${row.facilityId}::uuid, ${row.language}::"Language", ${now})
        ON CONFLICT ("participantId") DO NOTHING`;
      if (inserted === 0) return null;
      if (!row.userId || !row.email || (row.channel !== null && row.channel !== "email")) return "invited" as const;
      await enqueueMail(
        {
          to: row.email,
          language: fromStoredLanguage(row.language),
          template: "account-notice",
          props: { kind: "consent_survey", url: new URL("/consent/survey", appUrl).toString() },
          userId: row.userId,
          participantId: row.participantId,
          sourceKey: `consent-survey:${row.participantId}`,
          contactCheck: { kind: "consent_survey", participantId: row.participantId },
        },
        tx,
      );
      return "mailed" as const;
    });
    if (outcome) invited += 1;
    if (outcome === "mailed") mailed += 1;
  }
  return { invited, mailed };
}

/** The invitation's last question before it leaves (contact-check.ts, `consent_survey`): still askable, not yet answered. */
export async function surveyStillAllowed(participantId: string, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  const [row] = await db.$queryRaw<{ answeredAt: Date | null; lifeEvent: unknown; status: string }[]>`
    SELECT s."answeredAt", cs."lifeEvent", cs."status"::text AS "status" FROM "ConsentSurvey" s JOIN "ConsentState" cs ON cs."participantId" = s."participantId"
     WHERE s."participantId" = ${participantId}::uuid`;
  if (!row) return { allowed: false, reason: "contact_subject_gone" };
  if (row.lifeEvent !== null) return { allowed: false, reason: "recipient_life_event" };
  if (row.status === "withdrawn" || !(await participantContactStillAllowed(participantId, db))) return { allowed: false, reason: "consent_no_longer_allows" };
  return row.answeredAt ? { allowed: false, reason: "contact_subject_gone" } : { allowed: true };
}

export type SurveyStanding = "none" | "open" | "answered" | "closed";

/** Where a participant's survey stands: not asked, open to answer, answered, or closed (too late, withdrawn, a life event). */
export async function consentSurveyStanding(options: { participantId: string; now?: Date }, db: Database = getDatabase()): Promise<SurveyStanding> {
  const now = options.now ?? new Date();
  const [row] = await db.$queryRaw<{ invitedAt: Date; answeredAt: Date | null; lifeEvent: unknown; status: string }[]>`
    SELECT s."invitedAt", s."answeredAt", cs."lifeEvent", cs."status"::text AS "status" FROM "ConsentSurvey" s JOIN "ConsentState" cs ON cs."participantId" = s."participantId"
     WHERE s."participantId" = ${options.participantId}::uuid`;
  if (!row) return "none";
  if (row.answeredAt) return "answered";
  if (row.lifeEvent !== null || row.status === "withdrawn" || now.getTime() - row.invitedAt.getTime() > SURVEY_ANSWER_DAYS * day) return "closed";
  return "open";
}

/**
 * The participant answers (checked by SurveyAnswerSchema), once (compare-and-set on answeredAt under the row's lock): the four scores and, if they wrote
 * one, a comment that waits for staff before anyone reads it. A survey closed (too late, withdrawn, a life event) is refused.
 */
export async function answerConsentSurvey(options: { participantId: string; input: SurveyAnswer; actorUserId: string | null; language: SupportedLanguage; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const { input } = options;
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "ConsentSurvey" WHERE "participantId" = ${options.participantId}::uuid FOR UPDATE`;
    const standing = await consentSurveyStanding({ participantId: options.participantId, now }, tx as unknown as Database);
    if (standing === "none") throw new AppError("not_found");
    if (standing === "answered") throw new AppError("request_already_answered");
    if (standing === "closed") throw new AppError("survey_closed");
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    const { count } = await tx.consentSurvey.updateMany({
      where: { participantId: options.participantId, answeredAt: null },
      data: { answeredAt: now, understood: input.understood, enoughTime: input.enoughTime, freeToDecline: input.freeToDecline, clear: input.clear, comment, commentState: comment ? "pending" : null, language: toStoredLanguage(options.language) },
    });
    if (count === 0) throw new AppError("request_already_answered");
    await recordAuditEvent(tx, { type: "survey.answered", outcome: "success", detail: { participantId: options.participantId, withComment: comment !== null } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}

/** The participant behind an account (the survey asks the person who signed for themselves, not a proxy). */
async function ownParticipantId(userId: string, db: Database): Promise<string | null> {
  return (await db.participant.findUnique({ where: { userId }, select: { id: true } }))?.id ?? null;
}

/** The signed-in participant's own survey: where it stands ("none" for an account that is no participant). */
export async function loadOwnSurvey(options: { userId: string; now?: Date }, db: Database = getDatabase()): Promise<{ standing: SurveyStanding }> {
  const participantId = await ownParticipantId(options.userId, db);
  return { standing: participantId ? await consentSurveyStanding({ participantId, now: options.now }, db) : "none" };
}

export async function answerOwnSurvey(options: { userId: string; input: SurveyAnswer; language: SupportedLanguage; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const participantId = await ownParticipantId(options.userId, db);
  if (!participantId) throw new AppError("not_found");
  await answerConsentSurvey({ participantId, input: options.input, actorUserId: options.userId, language: options.language, request: options.request }, db);
}
