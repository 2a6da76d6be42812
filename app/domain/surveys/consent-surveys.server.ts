import { getDatabase, readRows, type Database, type NamedStatement } from "../../db.server";
import { fromStoredLanguage, toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { getEnv } from "../../env.server";
import { AppError, uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { ContactCheckVerdict } from "../mail";
import { enqueueMail, participantContactStillAllowed } from "../mail/index.server";
import { SURVEY_ANSWER_DAYS, SURVEY_DELAY_DAYS, SURVEY_INVITE_WINDOW_DAYS, type SurveyAnswer } from "./survey-questions";

const day = 86_400_000;

/**
 * The daily `surveys.consent-experience` job (ADR 149, 150): each participant whose first signature is two weeks old
 * (and not yet two months: those who signed before the survey existed are not asked out of the blue) is asked once — a
 * row, written once whatever happens next. Asked is the person who signed: the participant, or, where the first
 * signature was a proxy's, the proxy acting for them now with an account (the earliest appointed), about their own
 * experience. A mail goes if that person has an account, the participant chose e-mail as their way to be contacted (or
 * chose none) and may be contacted. Never after a withdrawal or a recorded death or loss of capacity; the mail asks
 * again when it leaves. Without a mail, the survey waits at /consent/survey, and a card on /consent points to it.
 */
export async function inviteConsentSurveys(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<{ invited: number; mailed: number }> {
  const now = options.now ?? new Date();
  const due = await db.$queryRaw<
    { participantId: string; facilityId: string; respondent: "participant" | "proxy"; userId: string | null; email: string | null; language: "ja" | "ja_easy" | "en"; channel: string | null }[]
  >`
    SELECT p."id"::text AS "participantId", p."facilityId"::text AS "facilityId",
           CASE WHEN f."type" = 'proxy_granted' THEN 'proxy' ELSE 'participant' END AS "respondent",
           r."id"::text AS "userId", r."email", COALESCE(r."preferredLanguage", 'ja')::text AS "language", cs."choices" ->> 'recontact.channel' AS "channel"
      FROM (SELECT DISTINCT ON ("participantId") "participantId", "occurredAt" AS "firstAt", "type"::text AS "type" FROM "ConsentEvent"
             WHERE "type" IN ('granted', 'proxy_granted') ORDER BY "participantId", "participantSeq") f
      JOIN "Participant" p ON p."id" = f."participantId"
      JOIN "ConsentState" cs ON cs."participantId" = p."id"
      LEFT JOIN LATERAL (
        SELECT u."id", u."email", u."preferredLanguage" FROM "User" u WHERE f."type" = 'granted' AND u."id" = p."userId" AND u."disabledAt" IS NULL
        UNION ALL
        (SELECT u."id", u."email", u."preferredLanguage" FROM "ProxyAssignment" a JOIN "User" u ON u."id" = a."proxyUserId" AND u."disabledAt" IS NULL
          WHERE f."type" = 'proxy_granted' AND a."participantId" = p."id" AND a."endedAt" IS NULL ORDER BY a."startedAt" LIMIT 1)
      ) r ON true
     WHERE f."firstAt" <= ${new Date(now.getTime() - SURVEY_DELAY_DAYS * day)} AND f."firstAt" > ${new Date(now.getTime() - SURVEY_INVITE_WINDOW_DAYS * day)}
       AND cs."status" <> 'withdrawn' AND cs."lifeEvent" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "ConsentSurvey" s WHERE s."participantId" = p."id")
     LIMIT 5000`;
  let invited = 0;
  let mailed = 0;
  const appUrl = getEnv().APP_URL;
  for (const row of due) {
    // A proxy without an account cannot answer online: nobody is asked (the clinic asks on paper, if at all).
    if (row.respondent === "proxy" && !row.userId) continue;
    const outcome = await db.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO "ConsentSurvey" ("id", "participantId", "facilityId", "language", "respondent", "respondentUserId", "invitedAt")
        VALUES (gen_random_uuid(), ${row.participantId}::uuid, ${row.facilityId}::uuid, ${row.language}::"Language", ${row.respondent}::"SurveyRespondent",
                ${row.respondent === "proxy" ? row.userId : null}::uuid, ${now})
        ON CONFLICT ("participantId") DO NOTHING`;
      if (inserted === 0) return null;
      if (!row.userId || !row.email || (row.channel !== null && row.channel !== "email")) return "invited" as const;
      const url = new URL("/consent/survey", appUrl);
      if (row.respondent === "proxy") url.searchParams.set("participant", row.participantId);
      await enqueueMail(
        {
          to: row.email,
          language: fromStoredLanguage(row.language),
          template: "account-notice",
          props: { kind: "consent_survey", url: url.toString() },
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
  return row ? standingOf(row, now) : "none";
}

/** Where an asked survey stands, from its row and the participant's consent state as read with it. */
function standingOf(row: { invitedAt: Date; answeredAt: Date | null; lifeEvent: unknown; status: string | null }, now: Date): Exclude<SurveyStanding, "none"> {
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

/** The survey asked of the account `$1` (about the participant `$2`, when not null), with the participant's consent state. */
const surveyAskedStatement: NamedStatement = {
  name: "tsunagi-survey-asked",
  text: `SELECT s."participantId"::text AS "participantId", s."respondent"::text AS "respondent", s."invitedAt", s."answeredAt", cs."lifeEvent", cs."status"::text AS "status"
      FROM "ConsentSurvey" s JOIN "Participant" p ON p."id" = s."participantId" LEFT JOIN "ConsentState" cs ON cs."participantId" = s."participantId"
     WHERE ((s."respondent" = 'participant' AND p."userId" = $1::uuid)
            OR (s."respondent" = 'proxy' AND s."respondentUserId" = $1::uuid
                AND EXISTS (SELECT 1 FROM "ProxyAssignment" a WHERE a."participantId" = s."participantId" AND a."proxyUserId" = $1::uuid AND a."endedAt" IS NULL)))
       AND ($2::uuid IS NULL OR s."participantId" = $2::uuid)
     ORDER BY s."answeredAt" IS NOT NULL, s."invitedAt" DESC
     LIMIT 1`,
};

/**
 * The survey a signed-in person is asked (ADR 150): their own, as a participant who signed for themselves, or one about a
 * participant they signed for as a proxy and still act for; `participantId` (the pages' `?participant=`) picks one when
 * there are several, else an open one first. Null when they are asked nothing. With the participant's consent state, so
 * where the survey stands is known from this one statement, prepared on the plain pool unless a client is given (ADR 157).
 */
async function surveyAskedOf(
  userId: string,
  participantId: string | null,
  db: Database | undefined,
): Promise<{ participantId: string; respondent: "participant" | "proxy"; invitedAt: Date; answeredAt: Date | null; lifeEvent: unknown; status: string | null } | null> {
  if (participantId !== null && !uuidPattern.test(participantId)) return null;
  const [row] = await readRows<{ participantId: string; respondent: "participant" | "proxy"; invitedAt: Date; answeredAt: Date | null; lifeEvent: unknown; status: string | null }>(
    surveyAskedStatement,
    [userId, participantId],
    db,
  );
  return row ?? null;
}

export interface OwnSurvey {
  standing: SurveyStanding;
  /** Who answers: the participant, or a proxy about their own experience of signing for them. */
  respondent: "participant" | "proxy";
  /** The participant it is about, for a proxy's page address; null when nothing is asked. */
  participantId: string | null;
}

/** The signed-in person's survey: where it stands ("none" when they are asked nothing). */
export async function loadOwnSurvey(options: { userId: string; participantId?: string | null; now?: Date }, db?: Database): Promise<OwnSurvey> {
  const asked = await surveyAskedOf(options.userId, options.participantId ?? null, db);
  if (!asked) return { standing: "none", respondent: "participant", participantId: null };
  // No consent state read with it: "none", as consentSurveyStanding says of a survey with none.
  return { standing: asked.status === null ? "none" : standingOf(asked, options.now ?? new Date()), respondent: asked.respondent, participantId: asked.participantId };
}

export async function answerOwnSurvey(options: { userId: string; participantId?: string | null; input: SurveyAnswer; language: SupportedLanguage; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const asked = await surveyAskedOf(options.userId, options.participantId ?? null, db);
  if (!asked) throw new AppError("not_found");
  await answerConsentSurvey({ participantId: asked.participantId, input: options.input, actorUserId: options.userId, language: options.language, request: options.request }, db);
}
