// The same class of race as concurrent consent verbs (issue 10, defect 6; ADR 016), outside the ledger: a state is
// read, a decision made, and a write follows. Each test holds a lock the calls need (tests/support/lock-gate.ts), so
// they are all past their first read before any may write; then the outcome must be one the calls could have had one
// after the other.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { FormContentSchema } from "@tsunagi/consent-rules/form-content";
import { importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { formContentHash } from "../../app/domain/consent/forms/form-hash";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { createInvitation } from "../../app/domain/consent/participants/invitations/issue-invitation.server";
import { reissueInvitation } from "../../app/domain/consent/participants/invitations/reissue-invitation.server";
import { answerComprehensionQuestion } from "../../app/domain/consent/journey/answer-comprehension.server";
import { recordJourneyChoice } from "../../app/domain/consent/journey/record-journey-choice.server";
import { inviteParticipantsReachingMajority } from "../../app/domain/consent/participants/majority/invite-at-majority.server";
import { answerQuestion } from "../../app/domain/consent/participants/questions/answer-question.server";
import { askQuestion } from "../../app/domain/consent/participants/questions/ask-question.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { ensurePublishedFormVersion, seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import type { ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { ENROLMENT_LOCK_CLASS } from "../../app/domain/consent/participants/enrolment/enrol-participant.server";
import { action as enrolAction } from "../../app/routes/staff/staff.participants.new";
import { defaultTestFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { atOnce, closeRowGate, refusalOf, refusals, succeeded } from "../support/lock-gate";
import { cookieFor, formPost, loadContext, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { choiceScreen, everyChoice, journeyReadyToSign, onlineActor, readAllSections, request } from "./journey-walk";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";

const db = useTestDatabase();
useTempDataDir();

/** Holds a journey's row, as a save in another tab would. */
const journeyGate = (journeyId: string) => closeRowGate(db.url, `SELECT 1 FROM "ConsentJourney" WHERE "id" = $1 FOR UPDATE`, [journeyId]);
/**
 * Holds a participant's row so strongly that even a row referring to it (an invitation) must wait: a call that takes
 * the participant's lock queues at once; one that does not queues only when it writes.
 */
const participantGate = (participantId: string) => closeRowGate(db.url, `SELECT 1 FROM "Participant" WHERE "id" = $1 FOR UPDATE`, [participantId]);

describe("journey progress saved from two tabs at once", () => {
  it("[participant] two choices changed at once are both kept", async () => {
    const version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, version);
    const choose = (id: ChoiceId) => () => recordJourneyChoice({ actor, journeyId, screen: choiceScreen(version, id), values: { [id]: "no" }, language: "ja", request });

    const outcomes = await atOnce(journeyGate(journeyId), [choose("share.industry"), choose("share.international")]);
    expect(succeeded(outcomes)).toHaveLength(2);
    const journey = await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey.choices).toMatchObject({ "share.industry": "no", "share.international": "no", "share.academia": "yes" });
  });

  it("[participant] a wrong answer sent twice at once counts twice", async () => {
    const version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    await readAllSections(actor, journeyId, version);
    const question = version.content.questions[0]!;
    const wrong = question.options.find((option) => option !== question.correctOption)!;
    const answer = () => answerComprehensionQuestion({ actor, journeyId, question: 1, answer: wrong, language: "ja", request });

    const outcomes = await atOnce(journeyGate(journeyId), [answer, answer]);
    expect(succeeded(outcomes)).toEqual([{ correct: false }, { correct: false }]);
    const journey = await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey.comprehension).toMatchObject({ [question.id]: { wrongAttempts: 2, passed: false } });
  });
});

describe("a form version published while its draft is being edited", () => {
  it("[ELSI staff] the text that is published is the text that is hashed", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const context = { actorUserId: staff.id, ...requestFrom() };
    const { id } = await importFormDraft({ content: { ...seededFormContent("1.0"), formKey: "race-case" }, createdById: staff.id, context });
    const draft = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id } });
    const edited = FormContentSchema.parse(draft.content);
    edited.languages.en.summary = ["Edited by a colleague a moment before publishing."];

    // A colleague's save commits after publishing has started and before it writes.
    const gate = closeRowGate(db.url, `SELECT 1 FROM "ConsentFormVersion" WHERE "id" = $1 FOR UPDATE`, [id], async (client) => {
      await client.query(`UPDATE "ConsentFormVersion" SET "content" = $2::jsonb, "updatedAt" = now() WHERE "id" = $1`, [id, JSON.stringify(edited)]);
    });
    const [published] = await atOnce(gate, [() => publishFormVersion({ formVersionId: id, publishedById: staff.id, actorRole: "elsi_staff", context })]);
    if (!published!.ok) throw published!.error;

    const row = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id } });
    const content = FormContentSchema.parse(row.content);
    expect(content.languages.en.summary).toEqual(["Edited by a colleague a moment before publishing."]);
    expect(row.contentHash).toBe(formContentHash(content));
    expect(published!.value.contentHash).toBe(row.contentHash);
  });
});

describe("invitations", () => {
  it("[job] two runs of the majority job at once invite a participant who turned 18 once", async () => {
    const version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "佐藤 陽太", dateOfBirth: "2008-06-01" });
    const proxy = child.proxy!;
    await grantConsent({
      participantId: child.id,
      formVersionId: version.id,
      choices: everyChoice(version),
      printedName: proxy.fullName,
      language: "ja",
      signer: { kind: "proxy", proxyAssignmentId: proxy.assignmentId },
      actor: { userId: proxy.id, role: "proxy" },
      method: "online",
      request: requestFrom(),
    });
    const coordinator = await createUser({ role: "coordinator" });
    const run = () => inviteParticipantsReachingMajority({ createdById: coordinator.id });

    const outcomes = await atOnce(participantGate(child.id), [run, run]);
    expect(succeeded(outcomes).flatMap((result) => result.invited.filter((entry) => entry.participantId === child.id))).toHaveLength(1);
    expect(await getDatabase().invitation.count({ where: { participantId: child.id, reason: "majority" } })).toBe(1);
  });

  it("[coordinators] an invitation reissued twice at once leaves exactly one code that works", async () => {
    const participant = await createParticipant({ withAccount: false });
    const [first, second] = [await createUser({ role: "coordinator" }), await createUser({ role: "coordinator" })];
    const original = await getDatabase().$transaction((tx) =>
      createInvitation(tx, { participantId: participant.id, recipient: "participant", proxyAssignmentId: null, email: participant.email, language: "ja", reason: "enrolment", createdById: first.id, now: new Date() }),
    );
    const reissue = (coordinator: { id: string }) => () => reissueInvitation({ participantId: participant.id, invitationId: original.id, reissuedById: coordinator.id, request: requestFrom() });

    const outcomes = await atOnce(participantGate(participant.id), [reissue(first), reissue(second)]);
    expect(succeeded(outcomes)).toHaveLength(2);
    const open = await getDatabase().invitation.findMany({ where: { participantId: participant.id, revokedAt: null, acceptedAt: null } });
    expect(open).toHaveLength(1);
  });
});

describe("enrolment", () => {
  it("[coordinators] the same patient enrolled by two coordinators at once is enrolled once; the other is told, as a third would be", async () => {
    const [first, second] = [await createUser({ role: "coordinator", withTotp: true }), await createUser({ role: "coordinator", withTotp: true })];
    const facility = await defaultTestFacility();
    const number = `MRN-${Date.now().toString(36).toUpperCase()}`;
    const fields = { fullName: "登録 花子", dateOfBirth: "1962-07-15", email: "hanako@test.tsunagi.test", preferredLanguage: "ja", programmeArea: "cancer", samples: ["tumour"], medicalRecordNumber: number };
    const enrol = (coordinator: CreatedUser) => async () => {
      const response = await settle(async () => enrolAction({ request: formPost("/staff/participants/new", fields, await cookieFor(coordinator, "en")), context: loadContext, params: {} }));
      return { status: response.status, errors: response.status === 409 ? replyErrors(await response.json()) : [] };
    };
    // Both are past the form and at the check for this number before either may look.
    const gate = closeRowGate(db.url, `SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [ENROLMENT_LOCK_CLASS, `${facility.id}:${number}`]);

    const outcomes = succeeded(await atOnce(gate, [enrol(first), enrol(second)]));
    expect(outcomes.filter((outcome) => outcome.status === 302)).toHaveLength(1);
    const third = await enrol(first)();
    // Already enrolled is the record as it is stored refusing it now: 409, as the table says (ADR 131).
    expect(third).toEqual({
      status: 409,
      errors: ["A patient with this medical record number is already enrolled at this facility. Open their record from the participant list instead. Nothing was saved."],
    });
    expect(outcomes.filter((outcome) => outcome.status !== 302)).toEqual([third]);
    expect(await getDatabase().participantIdentity.count({ where: { medicalRecordNumber: number } })).toBe(1);
  });
});

describe("questions", () => {
  it("[coordinators] a question answered by two coordinators at once keeps the first answer; the second is told it is gone", async () => {
    const participant = await createParticipant();
    const [first, second] = [await createUser({ role: "coordinator" }), await createUser({ role: "coordinator" })];
    const { questionId } = await askQuestion({ participantId: participant.id, askedById: participant.user!.id, body: "検体はどこに保管されますか？", request: requestFrom() });
    const answer = (coordinator: { id: string }, text: string) => () => answerQuestion({ questionId, answeredById: coordinator.id, answer: text, request: requestFrom() });

    const outcomes = await atOnce(closeRowGate(db.url, `SELECT 1 FROM "ParticipantQuestion" WHERE "id" = $1 FOR UPDATE`, [questionId]), [answer(first, "一つ目"), answer(second, "二つ目")]);
    expect(succeeded(outcomes)).toHaveLength(1);
    const again = await refusalOf(answer(second, "三つ目")());
    expect(refusals(outcomes)).toEqual([again]);
    const row = await getDatabase().participantQuestion.findUniqueOrThrow({ where: { id: questionId } });
    expect(row.answer).toBe(outcomes[0]!.ok ? "一つ目" : "二つ目");
    expect(await getDatabase().auditEvent.count({ where: { type: "question.answered", detail: { path: ["questionId"], equals: questionId } } })).toBe(1);
  });
});
