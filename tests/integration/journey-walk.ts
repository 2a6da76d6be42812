// Walks consent journeys through the domain verbs, the way the screens do, for the journey and paper tests.
import { getDatabase } from "../../app/db.server";
import { choiceCatalogue, type ChoiceId, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { answerComprehensionQuestion } from "../../app/domain/consent/journey/answer-comprehension.server";
import type { JourneyActor } from "../../app/domain/consent/journey/journey-actor";
import type { PaperConsentInput } from "../../app/domain/consent/journey/record-paper-consent.server";
import { choiceScreenOf, outlineOf } from "../../app/domain/consent/journey/journey-steps";
import { markSectionRead } from "../../app/domain/consent/journey/read-section.server";
import { recordJourneyChoice } from "../../app/domain/consent/journey/record-journey-choice.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { loadJourneyFor } from "../../app/domain/consent/journey/load-journey.server";
import type { FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import { requestFrom } from "../factories/user-factory";

export const request = requestFrom("10.9.9.9");

export function onlineActor(user: { id: string; role: string }): JourneyActor {
  return { method: "online", userId: user.id, role: user.role };
}

/** Yes to everything, want to know findings, email: every offered choice answered. */
export function everyChoice(version: FormVersion, overrides: ChoiceSnapshot = {}): Record<string, string> {
  const preferred: Record<string, string> = { "recontact.channel": "email", "recontact.frequency": "yearly" };
  // A choice that is no yes/no (the disposition after a life event, ADR 143) takes its first option.
  const fallback = (id: ChoiceId) => ((choiceCatalogue[id].options as readonly string[]).includes("yes") ? "yes" : choiceCatalogue[id].options[0]!);
  return Object.fromEntries(offeredChoices(version.content).map((id) => [id, overrides[id] ?? preferred[id] ?? (id.startsWith("findings.") ? "want" : fallback(id))]));
}

/** The screens this journey walks: the whole form, or a re-consent's short path (ADR 120). */
async function journeyOutline(actor: JourneyActor, journeyId: string) {
  return (await loadJourneyFor(actor, journeyId)).outline;
}

export async function readAllSections(actor: JourneyActor, journeyId: string, _version?: FormVersion): Promise<void> {
  const { readings } = await journeyOutline(actor, journeyId);
  for (let n = 1; n <= readings.length; n++) await markSectionRead({ actor, journeyId, screen: n, language: "ja", request });
}

export async function passComprehension(actor: JourneyActor, journeyId: string, version: FormVersion): Promise<void> {
  const { questionIds } = await journeyOutline(actor, journeyId);
  for (const [index, id] of questionIds.entries()) {
    const question = version.content.questions.find((candidate) => candidate.id === id)!;
    await answerComprehensionQuestion({ actor, journeyId, question: index + 1, answer: question.correctOption, language: "ja", request });
  }
}

/** The choice screen (1-based) that holds choice `id` in this version's journey. */
export function choiceScreen(version: FormVersion, id: ChoiceId): number {
  return choiceScreenOf(outlineOf(version.content), id);
}

/** Answers the choice screens in order, each with all of its choices, as the participant's screens send them; `upTo` screens at most. */
export async function chooseAll(actor: JourneyActor, journeyId: string, _version: FormVersion, choices: Record<string, string>, upTo = Infinity): Promise<void> {
  for (const [index, ids] of (await journeyOutline(actor, journeyId)).choiceScreens.entries()) {
    if (index >= upTo) break;
    await recordJourneyChoice({ actor, journeyId, screen: index + 1, values: Object.fromEntries(ids.map((id) => [id, choices[id]!])), language: "ja", request });
  }
}

/** Starts a journey and takes it up to the signature: everything read, every check passed, every choice made. */
export async function journeyReadyToSign(actor: JourneyActor, participantId: string, version: FormVersion, options: { witnessName?: string; choices?: Record<string, string> } = {}): Promise<string> {
  const { journeyId } = await startOrResumeJourney({ actor, participantId, language: "ja", witnessName: options.witnessName, request });
  await readAllSections(actor, journeyId, version);
  await passComprehension(actor, journeyId, version);
  await chooseAll(actor, journeyId, version, options.choices ?? everyChoice(version));
  return journeyId;
}

/** Rows the journey verbs could write: a refused step must leave every one of these unchanged. */
export async function storedCounts(participantId: string) {
  const db = getDatabase();
  const [events, documents, scans, journeys, audits, questions] = await Promise.all([
    db.consentEvent.count({ where: { participantId } }),
    db.consentDocument.count({ where: { event: { participantId } } }),
    db.paperConsentScan.count(),
    db.consentJourney.findMany({ where: { participantId }, select: { id: true, status: true, sectionsRead: true, comprehension: true, choices: true, language: true }, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: { type: { in: ["consent.recorded", "consent_journey.started", "consent_journey.progressed", "question.asked"] } } }),
    db.participantQuestion.count({ where: { participantId } }),
  ]);
  return { events, documents, scans, journeys, audits, questions };
}

/** The first bytes of a PNG: enough for the scan check, which reads a file's kind from its bytes. */
export const scannedPng = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** A complete paper consent for `participant` as a coordinator transcribes it: every offered choice yes (findings: want). */
export function paperConsentInput(
  participant: { id: string; fullName: string },
  version: FormVersion,
  coordinator: { id: string; role: string },
  overrides: Partial<PaperConsentInput> = {},
): PaperConsentInput {
  const choices = everyChoice(version);
  return {
    participantId: participant.id,
    formVersionId: version.id,
    scan: { fileName: "同意書 scan.png", content: scannedPng },
    signedOn: "2026-11-02",
    printedName: participant.fullName,
    signer: "participant",
    choices: offeredChoices(version.content).map((id) => choices[id]!),
    language: "ja",
    coordinator: { userId: coordinator.id, role: coordinator.role },
    request,
    ...overrides,
  };
}
