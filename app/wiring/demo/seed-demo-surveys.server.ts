import { getDatabase, type Database } from "../../db.server";
import { SurveyAnswerSchema } from "../../domain/surveys/index";
import { answerConsentSurvey } from "../../domain/surveys/index.server";

const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };
const comments = ["説明がていねいで、安心して決められました。", "待ち時間が長く、急いで決めた気がします。"];

/**
 * The demo's answers to how consent felt (issue 59 item 4; ADR 149): up to 24 of the demo cohort whose consent is in
 * force are asked (the row the daily job writes) and answer through the verb, with varied scores and two comments
 * waiting for their coordinators — enough for the staff page to show counts as well as "<10", and for the public
 * figure. Idempotent.
 */
export async function seedDemoSurveys(db: Database = getDatabase()): Promise<void> {
  if ((await db.consentSurvey.count()) > 0) return;
  const people = await db.$queryRaw<{ participantId: string; facilityId: string; userId: string | null }[]>`
    SELECT p."id"::text AS "participantId", p."facilityId"::text AS "facilityId", p."userId"::text AS "userId"
      FROM "Participant" p JOIN "ConsentState" cs ON cs."participantId" = p."id"
     WHERE cs."status" <> 'withdrawn' AND cs."lifeEvent" IS NULL
     ORDER BY p."pseudonym" LIMIT 24`;
  // Asked and answered before this month began (35 days ago is always last month or earlier): the public page's
  // figure, which stands at the last complete month (ADR 150), shows them from the first day of the demo.
  const invitedAt = new Date(Date.now() - 40 * 86_400_000);
  for (const [index, person] of people.entries()) {
    await db.consentSurvey.create({ data: { participantId: person.participantId, facilityId: person.facilityId, language: "ja", invitedAt } });
    const score = (offset: number) => String([5, 4, 4, 3, 5, 2, 4, 5, 1, 4][(index + offset * 3) % 10]);
    await answerConsentSurvey(
      {
        participantId: person.participantId,
        input: SurveyAnswerSchema.parse({ understood: score(0), enoughTime: score(1), freeToDecline: score(2), clear: score(3), ...(index < comments.length ? { comment: comments[index] } : {}) }),
        actorUserId: person.userId,
        language: "ja",
        request: { ...request, now: new Date(Date.now() - 35 * 86_400_000 + index * 60_000) },
      },
      db,
    );
  }
}
