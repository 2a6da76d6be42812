// The consent journey through its domain verbs: resume, the comprehension check, the order of steps, signing
// (and everything that must stop a signature from being stored), proxies with a child's assent, assisted consent,
// and who may download the signed copy.
import { japanDate } from "../../app/domain/time/japan-date";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { currentFormVersion, PROGRAMME_FORM_KEY, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { answerComprehensionQuestion } from "../../app/domain/consent/journey/answer-comprehension.server";
import { recordJourneyAssent } from "../../app/domain/consent/journey/journey-assent.server";
import { loadJourneyOutcome } from "../../app/domain/consent/journey/journey-outcome.server";
import { loadJourneyScreen } from "../../app/domain/consent/journey/journey-screen.server";
import { onlineJourneyStart } from "../../app/domain/consent/journey/journey-start-view.server";
import { findOpenJourney } from "../../app/domain/consent/journey/load-journey.server";
import { markSectionRead } from "../../app/domain/consent/journey/read-section.server";
import { readConsentDocument } from "../../app/domain/consent/records/documents/read-consent-document.server";
import { recordJourneyChoice } from "../../app/domain/consent/journey/record-journey-choice.server";
import { signJourney } from "../../app/domain/consent/journey/sign-journey.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { loader as documentLoader } from "../../app/routes/participant/consent.documents.$eventId[.]pdf";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";
import { cookieFor, loadContext, pageGet, settle } from "../support/route-requests";
import { choiceScreen, chooseAll, everyChoice, journeyReadyToSign, onlineActor, passComprehension, readAllSections, request, storedCounts } from "./journey-walk";

useTestDatabase();
useTempDataDir();

let version: FormVersion;
beforeAll(async () => {
  await ensurePublishedFormVersion("1.0");
  version = await currentFormVersion(PROGRAMME_FORM_KEY);
});

/** A date of birth that makes someone exactly `years` old today (JST). */
function bornYearsAgo(years: number): string {
  const today = new Date(Date.now() + 9 * 3600_000);
  return `${today.getUTCFullYear() - years}-01-01`;
}

describe("starting and resuming", () => {
  it("saves progress after every step and resumes where the participant stopped", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const first = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja-easy", request });
    expect(first).toMatchObject({ resumed: false, restartedFrom: null, next: { kind: "section", n: 1 } });
    await markSectionRead({ actor, journeyId: first.journeyId, screen: 1, language: "ja-easy", request });
    await markSectionRead({ actor, journeyId: first.journeyId, screen: 2, language: "ja-easy", request });

    const again = await startOrResumeJourney({ actor, participantId: participant.id, language: "en", request });
    expect(again).toMatchObject({ journeyId: first.journeyId, resumed: true, next: { kind: "section", n: 3 } });
    const open = await findOpenJourney(actor);
    expect(open).toMatchObject({ id: first.journeyId, language: "en", progress: { sectionsRead: 2 }, versionIsCurrent: true });

    const start = await onlineJourneyStart(participant.user!.id, "en");
    expect(start.subjects).toEqual([expect.objectContaining({ participantId: participant.id, as: "self", status: { kind: "in_progress", step: 3, of: start.totalSteps } })]);
    const audit = await getDatabase().auditEvent.findMany({ where: { actorUserId: participant.user!.id, type: { startsWith: "consent_journey." } }, orderBy: { id: "asc" } });
    expect(audit.map((row) => row.type)).toEqual(["consent_journey.started", "consent_journey.progressed", "consent_journey.progressed"]);
  });

  it("will not jump ahead: a later section, a question or a choice before its turn is refused and nothing is saved", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    const before = await storedCounts(participant.id);
    await expect(markSectionRead({ actor, journeyId, screen: 3, language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(answerComprehensionQuestion({ actor, journeyId, question: 1, answer: "b", language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(recordJourneyChoice({ actor, journeyId, screen: 1, values: { "core.wgs": "yes" }, language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await storedCounts(participant.id)).toEqual(before);
    expect(await loadJourneyScreen(actor, { kind: "sign" }, "ja")).toEqual({ status: "redirect", to: { kind: "section", n: 1 } });
  });

  it("refuses another person's journey id as a tampered field", async () => {
    const owner = await createParticipant();
    const other = await createParticipant();
    const { journeyId } = await startOrResumeJourney({ actor: onlineActor(owner.user!), participantId: owner.id, language: "ja", request });
    const before = await storedCounts(owner.id);
    await expect(markSectionRead({ actor: onlineActor(other.user!), journeyId, screen: 1, language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(startOrResumeJourney({ actor: onlineActor(other.user!), participantId: owner.id, language: "ja", request })).rejects.toMatchObject({ code: "forbidden" });
    expect(await storedCounts(owner.id)).toEqual(before);
  });
});

describe("journeys saved before the screens were grouped (ADR 019)", () => {
  it("carry on at the screen that holds the next unread section or unanswered choice, with earlier answers kept and signed as before", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    // As a journey stopped after section 5 under one-section-per-screen: progress is kept per section.
    await getDatabase().consentJourney.update({ where: { id: journeyId }, data: { sectionsRead: 5 } });
    const reading = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    const outline = (await findOpenJourney(actor))!.outline;
    expect(reading.next).toEqual({ kind: "section", n: outline.readings.findIndex((screen) => screen.first <= 6 && 6 <= screen.last) + 1 });
    const screen = await loadJourneyScreen(actor, reading.next, "ja");
    expect(screen.status === "ok" && screen.screen.body.kind === "section" && screen.screen.body.sections.map((section) => section.number)).toContain(6);

    // Stopped after the first of the four sharing choices, each of which used to have its own screen.
    await readAllSections(actor, journeyId, version);
    await passComprehension(actor, journeyId, version);
    const choices = everyChoice(version, { "share.academia": "no" });
    const sharing = choiceScreen(version, "share.academia");
    await chooseAll(actor, journeyId, version, choices, sharing - 1);
    const saved = (await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } })).choices as Record<string, string>;
    await getDatabase().consentJourney.update({ where: { id: journeyId }, data: { choices: { ...saved, "share.academia": "no" } } });
    expect((await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request })).next).toEqual({ kind: "choice", n: sharing });
    const shown = await loadJourneyScreen(actor, { kind: "choice", n: sharing }, "ja");
    expect(shown.status === "ok" && shown.screen.body.kind === "choice" && shown.screen.body.choices.map((choice) => [choice.id, choice.value])).toEqual([
      ["share.academia", "no"],
      ["share.industry", null],
      ["share.international", null],
      ["share.public_db", null],
    ]);
    // The screen sent with the three rows left: the saved answer stands, and the signature holds every choice once.
    const rest = { "share.industry": choices["share.industry"]!, "share.international": choices["share.international"]!, "share.public_db": choices["share.public_db"]! };
    await recordJourneyChoice({ actor, journeyId, screen: sharing, values: rest, language: "ja", request });
    await chooseAll(actor, journeyId, version, choices);
    const { event } = await signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request });
    expect(event.choices).toEqual(choices);
  });
});

describe("the comprehension check", () => {
  it("shows the explanation after a wrong answer, asks again, and passes only when answered correctly", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "en", request });
    await readAllSections(actor, journeyId, version);
    const question = version.content.questions[0]!;
    const wrong = question.options.find((option) => option !== question.correctOption)!;

    await expect(answerComprehensionQuestion({ actor, journeyId, question: 1, answer: wrong, language: "en", request })).resolves.toEqual({ correct: false });
    const screen = await loadJourneyScreen(actor, { kind: "question", n: 1 }, "en");
    expect(screen.status === "ok" && screen.screen.body).toMatchObject({
      kind: "question",
      passed: false,
      wrong: { explanation: version.content.languages.en.questions[question.id]!.explanation, chosenLabel: version.content.languages.en.questions[question.id]!.options[wrong] },
    });
    // Still on the same question: the next one is not open yet.
    expect(await loadJourneyScreen(actor, { kind: "question", n: 2 }, "en")).toEqual({ status: "redirect", to: { kind: "question", n: 1 } });
    // An answer that is not one of the options is refused, not counted as wrong.
    await expect(answerComprehensionQuestion({ actor, journeyId, question: 1, answer: "zz", language: "en", request })).rejects.toMatchObject({ code: "invalid_input" });

    await expect(answerComprehensionQuestion({ actor, journeyId, question: 1, answer: question.correctOption, language: "en", request })).resolves.toEqual({
      correct: true,
      next: { kind: "question", n: 2 },
    });
    const open = await findOpenJourney(actor);
    expect(open!.progress.comprehension[question.id]).toEqual({ wrongAttempts: 1, passed: true });
    const audit = await getDatabase().auditEvent.findMany({ where: { actorUserId: participant.user!.id, type: "consent_journey.progressed", detail: { path: ["step"], equals: "question" } }, orderBy: { id: "asc" } });
    expect(audit.map((row) => row.outcome)).toEqual(["failure", "success"]);
  });

  it("cannot sign without passing every question", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    await readAllSections(actor, journeyId, version);
    await answerComprehensionQuestion({ actor, journeyId, question: 1, answer: version.content.questions[0]!.correctOption, language: "ja", request });
    const before = await storedCounts(participant.id);
    await expect(signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request })).rejects.toMatchObject({ code: "comprehension_incomplete" });
    expect(await storedCounts(participant.id)).toEqual(before);
  });
});

describe("choices and signing", () => {
  it("refuses to sign with a choice unanswered, and stores nothing", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    await readAllSections(actor, journeyId, version);
    await passComprehension(actor, journeyId, version);
    await chooseAll(actor, journeyId, version, everyChoice(version), 5);
    expect(await loadJourneyScreen(actor, { kind: "review" }, "ja")).toEqual({ status: "redirect", to: { kind: "choice", n: 6 } });
    const before = await storedCounts(participant.id);
    await expect(signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request })).rejects.toMatchObject({ code: "choices_incomplete" });
    expect(await storedCounts(participant.id)).toEqual(before);
  });

  it("checks each choice against the catalogue's options and its screen, and takes a screen only whole", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    await readAllSections(actor, journeyId, version);
    await passComprehension(actor, journeyId, version);
    await expect(recordJourneyChoice({ actor, journeyId, screen: 1, values: { "core.wgs": "maybe" }, language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(recordJourneyChoice({ actor, journeyId, screen: 99, values: { "core.wgs": "yes" }, language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    const findings = choiceScreen(version, "findings.secondary.hereditary_cancer");
    expect(choiceScreen(version, "findings.secondary.other_actionable")).toBe(findings);
    await chooseAll(actor, journeyId, version, everyChoice(version), findings - 1);
    const before = await storedCounts(participant.id);
    const both = (value: string) => ({ "findings.secondary.hereditary_cancer": value, "findings.secondary.other_actionable": value });
    await expect(recordJourneyChoice({ actor, journeyId, screen: findings, values: both("yes"), language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    // A choice that belongs on another screen, or a screen half answered, is refused and nothing is saved.
    await expect(recordJourneyChoice({ actor, journeyId, screen: findings, values: { ...both("want"), "share.academia": "yes" }, language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(recordJourneyChoice({ actor, journeyId, screen: findings, values: { "findings.secondary.hereditary_cancer": "want" }, language: "ja", request })).rejects.toMatchObject({ code: "choices_incomplete" });
    await expect(recordJourneyChoice({ actor, journeyId, screen: findings, values: {}, language: "ja", request })).rejects.toMatchObject({ code: "choices_incomplete" });
    expect(await storedCounts(participant.id)).toEqual(before);
    await expect(recordJourneyChoice({ actor, journeyId, screen: findings, values: both("undecided"), language: "ja", request })).resolves.toEqual({ kind: "choice", n: findings + 1 });
    // Each choice of the screen is its own audit row, as when each had a screen of its own.
    const audit = await getDatabase().auditEvent.findMany({ where: { actorUserId: participant.user!.id, type: "consent_journey.progressed", detail: { path: ["step"], equals: "choice" } }, orderBy: { id: "asc" } });
    expect(audit.map((row) => (row.detail as { ref: string }).ref).slice(-2)).toEqual(["findings.secondary.hereditary_cancer", "findings.secondary.other_actionable"]);
  });

  it("ends at a kind stop page when core participation is declined, and lets the participant change their mind", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    await readAllSections(actor, journeyId, version);
    await passComprehension(actor, journeyId, version);
    await expect(recordJourneyChoice({ actor, journeyId, screen: 1, values: { "core.wgs": "no" }, language: "ja", request })).resolves.toEqual({ kind: "stop" });
    expect(await loadJourneyScreen(actor, { kind: "choice", n: 2 }, "ja")).toEqual({ status: "redirect", to: { kind: "stop" } });
    const stop = await loadJourneyScreen(actor, { kind: "stop" }, "ja");
    expect(stop.status === "ok" && stop.screen.body).toEqual({ kind: "stop", coreChoice: 1 });
    expect(await getDatabase().consentEvent.count({ where: { participantId: participant.id } })).toBe(0);
    await expect(recordJourneyChoice({ actor, journeyId, screen: 1, values: { "core.wgs": "yes" }, language: "ja", request })).resolves.toEqual({ kind: "choice", n: 2 });
  });

  it("stores nothing when the typed name does not match the record", async () => {
    const participant = await createParticipant({ fullName: "佐藤 花子" });
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, version);
    const before = await storedCounts(participant.id);
    await expect(signJourney({ actor, journeyId, printedName: "佐藤 太郎", language: "ja", request })).rejects.toMatchObject({ code: "name_mismatch" });
    expect(await storedCounts(participant.id)).toEqual(before);
    expect((await findOpenJourney(actor))?.id).toBe(journeyId);
  });

  it("signs: one ledger event with the typed name, the version hash and every choice; the journey is completed; a PDF is stored and mailed", async () => {
    const participant = await createParticipant({ fullName: "鈴木 一郎" });
    const actor = onlineActor(participant.user!);
    const choices = everyChoice(version, { "share.industry": "no", "findings.secondary.other_actionable": "not_want" });
    const journeyId = await journeyReadyToSign(actor, participant.id, version, { choices });
    const review = await loadJourneyScreen(actor, { kind: "review" }, "en");
    expect(review.status === "ok" && review.screen.body.kind === "review" && review.screen.body.items.find((item) => item.id === "share.industry")?.valueLabel).toBe(
      version.content.languages.en.choices["share.industry"]!.options.no,
    );

    const { event, assentDue } = await signJourney({ actor, journeyId, printedName: "鈴木　一郎", language: "en", request });
    expect(assentDue).toBe(false);
    expect(event).toMatchObject({
      type: "granted",
      method: "online",
      formVersionId: version.id,
      formVersionHash: version.contentHash,
      choices,
      signature: { printedName: "鈴木　一郎", language: "en", statement: version.content.languages.en.signatureStatement },
      detail: { journeyId },
    });
    const journey = await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey).toMatchObject({ status: "completed", completedEventId: event.id });
    const outcome = await loadJourneyOutcome(actor, journeyId, "en");
    expect(outcome).toMatchObject({ eventId: event.id, verificationCode: event.verificationCode, signedAt: event.signature!.signedAt, emailed: true, assent: { due: false } });
    await runJobsUntilSettled();
    expect(await getDatabase().consentDocument.count({ where: { eventId: event.id } })).toBe(1);
    const [mail] = await listCapturedMail({ to: participant.email, limit: 1 });
    expect(mail?.attachments[0]?.contentType).toBe("application/pdf");

    // The same version cannot be signed twice; the start page says so instead.
    await expect(startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request })).rejects.toMatchObject({ code: "already_consented" });
    expect((await onlineJourneyStart(participant.user!.id, "ja")).subjects[0]!.status).toEqual({ kind: "already_consented" });
  });
});

describe("proxies and the child's assent", () => {
  async function childWithProxy(age: number) {
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "山田 さくら", dateOfBirth: bornYearsAgo(age) });
    return { child, actor: onlineActor(child.proxy!) };
  }

  it("a proxy signs with their own name for the child, then the child (old enough) assents with theirs", async () => {
    const { child, actor } = await childWithProxy(10);
    const start = await onlineJourneyStart(child.proxy!.id, "ja");
    expect(start.subjects).toEqual([expect.objectContaining({ participantId: child.id, as: "proxy", relationship: "parent", displayName: "山田 さくら" })]);
    const journeyId = await journeyReadyToSign(actor, child.id, version);
    await expect(signJourney({ actor, journeyId, printedName: "山田 さくら", language: "ja", request })).rejects.toMatchObject({ code: "name_mismatch" });

    const { event, assentDue } = await signJourney({ actor, journeyId, printedName: child.proxy!.fullName, language: "ja-easy", request });
    expect(event).toMatchObject({ type: "proxy_granted", actorUserId: child.proxy!.id, signature: { printedName: child.proxy!.fullName, onBehalfAs: "parent" } });
    expect(assentDue).toBe(true);

    const before = await storedCounts(child.id);
    await expect(recordJourneyAssent({ actor, journeyId, childPrintedName: "山田 花子", language: "ja-easy", request })).rejects.toMatchObject({ code: "name_mismatch" });
    expect(await storedCounts(child.id)).toEqual(before);
    const assent = await recordJourneyAssent({ actor, journeyId, childPrintedName: "山田さくら", language: "ja-easy", request });
    expect(assent).toMatchObject({ type: "assent", signature: { printedName: "山田さくら", language: "ja-easy" }, detail: { ageAtAssent: 10 } });
    expect(assent.signature!.statement).toContain("やめたい");
    expect((await loadJourneyOutcome(actor, journeyId, "ja")).assent).toMatchObject({ due: false, recorded: true });
    await expect(recordJourneyAssent({ actor, journeyId, childPrintedName: "山田さくら", language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("asks for assent only from the version's assent age until 18", async () => {
    for (const [age, due] of [
      [version.content.assentFromAge - 1, false],
      [version.content.assentFromAge, true],
      [17, true],
      [18, false],
    ] as const) {
      const { child, actor } = await childWithProxy(age);
      const journeyId = await journeyReadyToSign(actor, child.id, version);
      const signed = await signJourney({ actor, journeyId, printedName: child.proxy!.fullName, language: "ja", request });
      expect({ age, due: signed.assentDue }).toEqual({ age, due });
    }
  });
});

describe("assisted consent at the clinic", () => {
  it("runs the same journey for the coordinator, records method assisted and the witness, and the participant types their name", async () => {
    const participant = await createParticipant({ fullName: "高橋 健" });
    const coordinator = await createUser({ role: "coordinator" });
    const actor = { method: "assisted" as const, userId: coordinator.id, role: "coordinator", participantId: participant.id };
    await expect(startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request })).rejects.toMatchObject({ code: "invalid_input" });
    const journeyId = await journeyReadyToSign(actor, participant.id, version, { witnessName: "立会 花子" });
    const sign = await loadJourneyScreen(actor, { kind: "sign" }, "ja");
    expect(sign.status === "ok" && sign.screen).toMatchObject({ method: "assisted", subject: { displayName: participant.pseudonym }, body: { witnessName: "立会 花子" } });
    // The participant's own online journey is separate from the coordinator's.
    expect(await findOpenJourney(onlineActor(participant.user!))).toBeNull();

    const { event } = await signJourney({ actor, journeyId, printedName: "高橋 健", signer: "participant", language: "ja", request });
    expect(event).toMatchObject({ type: "granted", method: "assisted", actorUserId: coordinator.id, actorRole: "coordinator", signature: { printedName: "高橋 健", witnessName: "立会 花子" } });
  });
});

describe("the signed copy (PDF)", () => {
  it("is for the participant, their proxy and enrolment staff only, and every read is audited", async () => {
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "伊藤 まな", dateOfBirth: bornYearsAgo(4) });
    const actor = onlineActor(child.proxy!);
    const journeyId = await journeyReadyToSign(actor, child.id, version);
    const { event } = await signJourney({ actor, journeyId, printedName: child.proxy!.fullName, language: "ja", request });
    const coordinator = await createUser({ role: "coordinator" });
    const stranger = await createParticipant();
    const elsi = await createUser({ role: "elsi_staff" });

    const proxyCopy = await readConsentDocument({ eventId: event.id, reader: { userId: child.proxy!.id, role: "proxy" }, request });
    expect(Buffer.from(proxyCopy.pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(proxyCopy.fileName).toContain(event.verificationCode);
    await expect(readConsentDocument({ eventId: event.id, reader: { userId: coordinator.id, role: "coordinator" }, request })).resolves.toMatchObject({ fileName: proxyCopy.fileName });
    // Refused exactly as an unknown event is, so an event id cannot be confirmed by probing.
    await expect(readConsentDocument({ eventId: event.id, reader: { userId: stranger.user!.id, role: "participant" }, request })).rejects.toMatchObject({ code: "not_found" });
    await expect(readConsentDocument({ eventId: event.id, reader: { userId: elsi.id, role: "elsi_staff" }, request })).rejects.toMatchObject({ code: "not_found" });
    await expect(readConsentDocument({ eventId: "not-a-uuid", reader: { userId: coordinator.id, role: "coordinator" }, request })).rejects.toMatchObject({ code: "not_found" });
    // Enrolment staff of another facility, or of none, reach the copy no more than the participant's record (ADR 015).
    const elsewhere = await createUser({ role: "coordinator", facilities: [await createFacility()] });
    const nowhere = await createUser({ role: "coordinator", facilities: [] });
    for (const outsider of [elsewhere, nowhere]) {
      await expect(readConsentDocument({ eventId: event.id, reader: { userId: outsider.id, role: "coordinator" }, request })).rejects.toMatchObject({ code: "not_found" });
    }

    const reads = await getDatabase().auditEvent.findMany({ where: { type: "data.identifiable_read", detail: { path: ["resource"], equals: "consent_document" } }, orderBy: { id: "asc" } });
    expect(reads.filter((row) => (row.detail as { participantId: string }).participantId === child.id).map((row) => [row.actorUserId, (row.detail as { purpose: string }).purpose])).toEqual([
      [child.proxy!.id, "participant_self_service"],
      [coordinator.id, "consent_support"],
    ]);
  });
});

describe("the PDF download route", () => {
  it("sends the stored copy as an uncached attachment to the signer, refuses others, and sends the signed-out to sign in", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, version);
    const { event } = await signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request });
    const path = `/consent/documents/${event.id}.pdf`;
    const get = async (cookie: string, eventId = event.id) => settle(() => documentLoader({ request: pageGet(path, cookie), context: loadContext, params: { eventId } }));

    const response = await get(await cookieFor(participant.user!));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="tsunagi-consent-${japanDate(event.occurredAt)}-${event.verificationCode}.pdf"`);
    const stored = await getDatabase().consentDocument.findUniqueOrThrow({ where: { eventId: event.id } });
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(stored.pdf))).toBe(true);

    expect((await get(await cookieFor((await createParticipant()).user!))).status).toBe(404); // as for an unknown event: an id cannot be confirmed by probing
    expect((await get(await cookieFor(participant.user!), "../../etc/passwd")).status).toBe(404);
    const signedOut = await get(await cookieFor(null));
    expect([signedOut.status, signedOut.headers.get("Location")]).toEqual([302, `/sign-in?redirectTo=${encodeURIComponent(path)}`]);
  });
});
