// Property tests: whatever object arrives — from a tampered form, a script or a bug — the enrolment, question
// and invitation verbs either store something that passes their schema, or store nothing at all.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { enrolParticipant, EnrolParticipantSchema } from "../../app/domain/consent/participants/enrolment/enrol-participant.server";
import { checkInvitationIdentity, IdentityCheckSchema } from "../../app/domain/consent/participants/invitations/check-invitation-identity.server";
import { answerQuestion } from "../../app/domain/consent/participants/questions/answer-question.server";
import { askQuestion } from "../../app/domain/consent/participants/questions/ask-question.server";
import { AnswerBodySchema, QuestionBodySchema } from "../../app/domain/consent/participants/questions/question-schemas";
import { action as enrolAction } from "../../app/routes/staff/staff.participants.new";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { cookieFor, formPost, loadContext, settle } from "../support/route-requests";

useTestDatabase();
useTempDataDir();

const hostile = fc.constantFrom("<script>alert(1)</script>", "'; DROP TABLE \"Participant\"; --", "\u0000", "𠮷野 家", "　", "../../etc/passwd", "{{constructor}}", "山田 花子", "yamada@test.tsunagi.test");
const anyValue = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  hostile,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
// Mostly plausible values with a hostile or wrong-typed one mixed in, so both outcomes are reached often.
const nearMiss = fc.constantFrom("ja_easy", "boss", "liver", "1899-12-31", "2010-02-29", "", " ", "<b>", ["tumour", "tumour"], []);
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 24 }, { arbitrary: anyValue, weight: 1 }, { arbitrary: nearMiss, weight: 1 });
const email = fc.stringMatching(/^[a-z][a-z0-9]{0,10}@(test\.tsunagi\.test|example\.jp)$/);
const plausibleEnrolment = fc.record(
  {
    fullName: mostly(fc.constantFrom("山田 花子", "Anne-Marie O'Neil", "ヤマダ・ハナコ", "髙橋 𠮷男")),
    fullNameKana: mostly(fc.constantFrom("やまだ はなこ", "ヤマダ", undefined)),
    dateOfBirth: mostly(fc.oneof(fc.constantFrom("1950-01-31", "2012-02-29"), fc.date({ min: new Date("1900-01-01"), max: new Date() , noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)))),
    email: mostly(email),
    phone: mostly(fc.constantFrom("090-1234-5678", "+81 3 1234 5678", undefined)),
    // Mostly different patients: a number drawn again is the same patient, refused as already enrolled.
    medicalRecordNumber: mostly(fc.oneof(fc.integer({ min: 1, max: 999_999 }).map((n) => `A-${n}`), fc.constant("123456"), fc.constant(undefined))),
    preferredLanguage: mostly(fc.constantFrom("ja", "ja-easy", "en")),
    programmeArea: mostly(fc.constantFrom("cancer", "rare_disease")),
    samples: mostly(fc.constantFrom(["tumour"], ["blood"], ["blood", "tumour"])),
    withProxy: mostly(fc.boolean()),
    proxyFullName: mostly(fc.constantFrom("山田 一郎", "Jean Dupont")),
    proxyEmail: mostly(email),
    proxyRelationship: mostly(fc.constantFrom("parent", "spouse", "other")),
  },
  // The programme area is always sent (a radio group with no default can be left unchosen: "mostly" covers that).
  { requiredKeys: ["programmeArea"] },
);

async function counts() {
  const db = getDatabase();
  const [participants, identities, samples, invitations, proxies] = await Promise.all([
    db.participant.count(),
    db.participantIdentity.count(),
    db.sample.count(),
    db.invitation.count(),
    db.proxyAssignment.count(),
  ]);
  return { participants, identities, samples, invitations, proxies };
}

describe("enrolment with arbitrary input", () => {
  it("either enrols exactly what the schema accepts, or stores nothing", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    let accepted = 0;
    // A number already enrolled at the facility is refused as the same patient (ADR 016), whatever else is typed.
    const enrolledNumbers = new Set<string>();
    await fc.assert(
      fc.asyncProperty(plausibleEnrolment, async (input) => {
        const before = await counts();
        const parsed = EnrolParticipantSchema.safeParse(input);
        const known = parsed.success && parsed.data.medicalRecordNumber !== undefined && enrolledNumbers.has(parsed.data.medicalRecordNumber);
        let enrolment: Awaited<ReturnType<typeof enrolParticipant>> | null = null;
        let refusal: unknown = null;
        try {
          enrolment = await enrolParticipant({ input, enrolledById: coordinator.id, request: requestFrom() });
        } catch (error) {
          refusal = error;
          enrolment = null;
        }
        const after = await counts();
        if (!enrolment) {
          if (known) expect(refusal).toMatchObject({ code: "already_enrolled" });
          else expect(parsed.success).toBe(false);
          expect(after).toEqual(before);
          return;
        }
        accepted += 1;
        expect(parsed.success && !known).toBe(true);
        if (parsed.data!.medicalRecordNumber) enrolledNumbers.add(parsed.data!.medicalRecordNumber);
        const identity = await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: enrolment.participantId } });
        expect(identity.fullName).toBe(parsed.data!.fullName);
        expect(identity.fullName).not.toMatch(/[<>\d]/);
        expect(identity.fullName.includes("\u0000")).toBe(false);
        expect(after.participants).toBe(before.participants + 1);
        expect(after.samples - before.samples).toBe(parsed.data!.samples.length);
        expect(after.invitations).toBe(before.invitations + 1);
      }),
      { numRuns: 240 },
    );
    // The generator must reach both outcomes, or the property proves little.
    expect(accepted).toBeGreaterThan(10);
  }, 90_000);

  it("through the form: a redirect for valid input, a 400 and nothing stored otherwise", async () => {
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const cookie = await cookieFor(coordinator);
    const formValue = fc.oneof(fc.string({ maxLength: 60 }), hostile, fc.constantFrom("", "on", "ja", "en", "tumour", "blood", "parent", "1970-05-05", "a@test.tsunagi.test"));
    const base = { fullName: "山田 花子", dateOfBirth: "1970-05-05", email: "form@test.tsunagi.test", preferredLanguage: "ja", programmeArea: "cancer", samples: ["tumour"] };
    // A valid form with a few fields changed, dropped or added — as a slip, a tampered page or a script would.
    const fields = fc
      .dictionary(
        fc.constantFrom("fullName", "fullNameKana", "dateOfBirth", "email", "phone", "medicalRecordNumber", "preferredLanguage", "programmeArea", "samples", "withProxy", "proxyFullName", "proxyEmail", "proxyRelationship", "intent", "participantId"),
        fc.oneof(formValue, fc.array(formValue, { maxLength: 3 })),
        { maxKeys: 3 },
      )
      .map((changes) => ({ ...base, ...changes }));
    const outcomes = new Set<number>();
    // A medical record number the form enrolled once is already taken the second time it comes up ("on" twice, say):
    // that is the facility's duplicate refusal (409), not a malformed form.
    const enrolledNumbers = new Set<string>();
    const numberOf = (form: Record<string, unknown>) => (typeof form.medicalRecordNumber === "string" ? form.medicalRecordNumber.trim() : "");
    await fc.assert(
      fc.asyncProperty(fields, async (form) => {
        const before = await counts();
        const response = await settle(() => enrolAction({ request: formPost("/staff/participants/new", form, cookie), context: loadContext, params: {} }));
        const after = await counts();
        outcomes.add(response.status);
        if (response.status === 302) {
          expect(after.participants).toBe(before.participants + 1);
          if (numberOf(form)) enrolledNumbers.add(numberOf(form));
        } else if (response.status === 409 && enrolledNumbers.has(numberOf(form))) {
          expect(after).toEqual(before);
        } else {
          expect(response.status).toBe(400);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 80 },
    );
    expect([...outcomes].filter((status) => status !== 409).sort()).toEqual([302, 400]);
  }, 90_000);
});

describe("questions and the identity check with arbitrary input", () => {
  it("stores a question or an answer only when the text is valid", async () => {
    const participant = await createParticipant();
    const coordinator = await createUser({ role: "coordinator" });
    const text = fc.oneof(anyValue, fc.string({ minLength: 1990, maxLength: 2010 }), fc.string({ minLength: 3990, maxLength: 4010 }));
    await fc.assert(
      fc.asyncProperty(text, text, async (body, answer) => {
        const db = getDatabase();
        const before = await db.participantQuestion.count();
        const asked = await askQuestion({ participantId: participant.id, askedById: participant.user!.id, body, request: requestFrom() }).catch(() => null);
        expect(asked !== null).toBe(QuestionBodySchema.safeParse(body).success);
        expect(await db.participantQuestion.count()).toBe(before + (asked ? 1 : 0));
        if (!asked) return;
        const answered = await answerQuestion({ questionId: asked.questionId, answeredById: coordinator.id, answer, request: requestFrom() }).catch(() => null);
        expect(answered !== null).toBe(AnswerBodySchema.safeParse(answer).success);
        const row = await db.participantQuestion.findUniqueOrThrow({ where: { id: asked.questionId } });
        expect(row.answer === null).toBe(answered === null);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("never lets a malformed identity check count, or pass", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const enrolment = await enrolParticipant({
      input: { fullName: "性質 検査", dateOfBirth: "1970-05-05", email: "property@test.tsunagi.test", preferredLanguage: "ja", programmeArea: "rare_disease", samples: ["blood"] },
      enrolledById: coordinator.id,
      request: requestFrom(),
    });
    const link = { invitationId: enrolment.invitation.id, linkSecret: enrolment.invitation.linkSecret };
    const input = fc.record({ code: anyValue, birthYear: anyValue, birthMonth: anyValue, birthDay: anyValue }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(input, async (attempt) => {
        const row = () => getDatabase().invitation.findUniqueOrThrow({ where: { id: link.invitationId } });
        const before = await row();
        const wellFormed = IdentityCheckSchema.safeParse(attempt).success;
        const result = await checkInvitationIdentity({ ...link, input: attempt, request: requestFrom() }).catch(() => null);
        const after = await row();
        if (!wellFormed) {
          expect(result).toBeNull();
          expect(after.failedAttempts).toBe(before.failedAttempts);
        } else {
          expect(result).not.toMatchObject({ ok: true });
        }
        expect(after.otpHash).toBeNull();
        // Keep the invitation open so later runs still exercise the check itself.
        if (after.failedAttempts >= 4) await getDatabase().invitation.update({ where: { id: link.invitationId }, data: { failedAttempts: 0 } });
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
