import { getDatabase, type Database } from "../../../db.server";
import { choiceCatalogue } from "@tsunagi/consent-rules/choice-catalogue";
import type { FormLanguage, LanguageContent } from "@tsunagi/consent-rules/form-content";
import type { JourneyActor } from "./journey-actor";
import {
  choiceGroupOf,
  choiceScreenOf,
  coreDeclined,
  comprehensionPassed,
  isStepOpen,
  nextStep,
  previousStep,
  resumeStep,
  stagesOf,
  stepNumber,
  totalSteps,
  type JourneyDestination,
  type JourneyStep,
} from "./journey-steps";
import type { JourneyScreenResult, Option, ScreenBody } from "./journey-screen";
import { answersInForce } from "./carried-choices.server";
import { findOpenJourney, type LoadedJourney } from "./load-journey.server";

function optionsOf(labels: Record<string, string>, values: readonly string[]): Option[] {
  return values.map((value) => ({ value, label: labels[value] ?? value }));
}

function bodyFor(
  journey: LoadedJourney,
  step: JourneyDestination,
  text: LanguageContent,
  extra: { openQuestions: number; proxies: { id: string; fullName: string; relationship: string }[]; inForce: Record<string, string> },
): ScreenBody {
  const { outline, progress, version } = journey;
  switch (step.kind) {
    case "section": {
      const screen = outline.readings[step.n - 1]!;
      return {
        kind: "section",
        n: step.n,
        sectionCount: outline.sections,
        sections: text.sections.slice(screen.first - 1, screen.last).map((section, index) => {
          const change = journey.changes?.sections.find((candidate) => candidate.id === section.id && candidate.kind !== "removed");
          return { number: screen.first + index, heading: section.heading, paragraphs: section.paragraphs, change: change ? (change.kind === "added" ? "added" : "changed") : null };
        }),
      };
    }
    case "question": {
      const question = version.content.questions.find((candidate) => candidate.id === outline.questionIds[step.n - 1])!;
      const questionText = text.questions[question.id]!;
      const record = progress.comprehension[question.id];
      const passed = record?.passed === true;
      return {
        kind: "question",
        n: step.n,
        prompt: questionText.prompt,
        options: optionsOf(questionText.options, question.options),
        passed,
        wrong: record && !passed && record.wrongAttempts > 0 ? { explanation: questionText.explanation, chosenLabel: record.lastWrongAnswer ? (questionText.options[record.lastWrongAnswer] ?? null) : null } : null,
        correctLabel: passed ? (questionText.options[question.correctOption] ?? null) : null,
      };
    }
    case "choice": {
      const ids = outline.choiceScreens[step.n - 1]!;
      return {
        kind: "choice",
        n: step.n,
        group: choiceGroupOf(ids[0]!),
        choices: ids.map((id) => {
          const choiceText = text.choices[id]!;
          const definition = choiceCatalogue[id];
          const inForce = extra.inForce[id];
          return {
            id,
            title: choiceText.title,
            explanation: choiceText.explanation,
            options: optionsOf(choiceText.options, definition.options),
            value: progress.choices[id] ?? null,
            required: "requiredValue" in definition,
            reconsent: !journey.changes ? null : outline.carriedChoiceIds.includes(id) ? { kind: "carried" as const } : { kind: "changed" as const, inForceLabel: inForce ? (choiceText.options[inForce] ?? null) : null },
          };
        }),
      };
    }
    case "review":
      return {
        kind: "review",
        items: outline.choiceIds.map((id) => ({
          n: choiceScreenOf(outline, id),
          id,
          title: text.choices[id]!.title,
          valueLabel: text.choices[id]!.options[progress.choices[id]!] ?? "",
          carried: outline.carriedChoiceIds.includes(id) && journey.carried[id] === progress.choices[id],
        })),
      };
    case "sign":
      return { kind: "sign", statement: text.signatureStatement, openQuestions: extra.openQuestions, witnessName: journey.witnessName, proxies: extra.proxies, now: new Date().toISOString() };
    case "stop":
      return { kind: "stop", coreChoice: choiceScreenOf(outline, "core.wgs") };
  }
}

function isOpen(journey: LoadedJourney, step: JourneyDestination): boolean {
  if (step.kind === "stop") return coreDeclined(journey.progress) && comprehensionPassed(journey.outline, journey.progress);
  return isStepOpen(journey.outline, journey.progress, step);
}

/**
 * Everything one journey screen shows, in the reader's language, or where to send them instead: to the start
 * when no journey is open or a newer form version was published, and to the first unfinished step when they
 * asked for one they cannot reach yet.
 */
export async function loadJourneyScreen(actor: JourneyActor, step: JourneyDestination, language: FormLanguage, db: Database = getDatabase()): Promise<JourneyScreenResult> {
  const journey = await findOpenJourney(actor, db);
  if (!journey) return { status: "no_journey" };
  if (!journey.versionIsCurrent) return { status: "outdated" };
  if (!isOpen(journey, step)) return { status: "redirect", to: resumeStep(journey.outline, journey.progress) };

  const [openQuestions, proxies] =
    step.kind === "sign"
      ? await Promise.all([
          db.participantQuestion.count({ where: { participantId: journey.participantId, answeredAt: null } }),
          journey.method === "assisted"
            ? db.proxyAssignment.findMany({ where: { participantId: journey.participantId, endedAt: null }, select: { id: true, fullName: true, relationship: true }, orderBy: { startedAt: "asc" } })
            : Promise.resolve([]),
        ])
      : [0, []];
  const text = journey.version.content.languages[language];
  // A re-consent's choice screen shows beside each changed choice the answer in force (ADR 120).
  const inForce = step.kind === "choice" && journey.changes ? await answersInForce(journey.participantId, journey.outline.choiceScreens[step.n - 1] ?? [], db) : {};
  const numbered = step.kind === "stop" ? 0 : stepNumber(journey.outline, step as JourneyStep);
  return {
    status: "ok",
    screen: {
      journeyId: journey.id,
      method: journey.method,
      participantId: journey.participantId,
      formKey: journey.version.formKey,
      formVersion: journey.version.version,
      formTitle: text.title,
      stepNumber: numbered,
      totalSteps: totalSteps(journey.outline),
      stages: stagesOf(journey.outline),
      previous: step.kind === "stop" ? null : previousStep(journey.outline, step as JourneyStep),
      next: step.kind === "stop" ? null : nextStep(journey.outline, step as JourneyStep),
      subject: { as: journey.subject.as, displayName: journey.subject.displayName, relationship: journey.subject.relationship },
      reconsent: journey.changes ? { previousVersion: journey.changes.previousVersion } : null,
      body: bodyFor(journey, step, text, { openQuestions, proxies, inForce }),
    },
  };
}
