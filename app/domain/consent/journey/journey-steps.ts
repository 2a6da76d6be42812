import type { ChoiceId } from "../choice-catalogue";
import { offeredChoices, type FormContent } from "../forms/form-content";
import type { JourneyProgress } from "./journey-progress";

/**
 * The journey's screens in order: one per section, one per comprehension question, one per choice, then review
 * and sign. Numbers in steps are 1-based, as in the URLs and the "step n of N" line.
 */
export type JourneyStep = { kind: "section"; n: number } | { kind: "question"; n: number } | { kind: "choice"; n: number } | { kind: "review" } | { kind: "sign" };

/** Where the participant is sent when core participation was declined: a kind page, not an error. */
export type JourneyDestination = JourneyStep | { kind: "stop" };

export interface JourneyOutline {
  sections: number;
  questionIds: string[];
  choiceIds: ChoiceId[];
}

export function outlineOf(content: Pick<FormContent, "choiceIds" | "questions" | "languages">): JourneyOutline {
  return { sections: content.languages.ja.sections.length, questionIds: content.questions.map((question) => question.id), choiceIds: offeredChoices(content) };
}

export function stepsOf(outline: JourneyOutline): JourneyStep[] {
  const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
  return [
    ...range(outline.sections).map((n) => ({ kind: "section", n }) as const),
    ...range(outline.questionIds.length).map((n) => ({ kind: "question", n }) as const),
    ...range(outline.choiceIds.length).map((n) => ({ kind: "choice", n }) as const),
    { kind: "review" },
    { kind: "sign" },
  ];
}

function sameStep(left: JourneyStep, right: JourneyStep): boolean {
  return left.kind === right.kind && ("n" in left ? left.n : 0) === ("n" in right ? right.n : 0);
}

/** The step's place in the journey, 1-based, or 0 when the step does not exist in this version. */
export function stepNumber(outline: JourneyOutline, step: JourneyStep): number {
  return stepsOf(outline).findIndex((candidate) => sameStep(candidate, step)) + 1;
}

export function totalSteps(outline: JourneyOutline): number {
  return stepsOf(outline).length;
}

export function previousStep(outline: JourneyOutline, step: JourneyStep): JourneyStep | null {
  const index = stepNumber(outline, step) - 1;
  return index > 0 ? stepsOf(outline)[index - 1]! : null;
}

export function nextStep(outline: JourneyOutline, step: JourneyStep): JourneyStep | null {
  const steps = stepsOf(outline);
  const index = stepNumber(outline, step) - 1;
  return index >= 0 && index + 1 < steps.length ? steps[index + 1]! : null;
}

/** The URL of a step under a journey's base path (`/consent/journey`, or a coordinator's assisted journey). */
export function stepPath(basePath: string, step: JourneyDestination): string {
  switch (step.kind) {
    case "section":
      return `${basePath}/section/${step.n}`;
    case "question":
      return `${basePath}/check/${step.n}`;
    case "choice":
      return `${basePath}/choice/${step.n}`;
    default:
      return `${basePath}/${step.kind}`;
  }
}

export function allSectionsRead(outline: JourneyOutline, progress: JourneyProgress): boolean {
  return progress.sectionsRead >= outline.sections;
}

/** Passing needs every question answered correctly (wrong answers before that are fine, and counted). */
export function comprehensionPassed(outline: JourneyOutline, progress: JourneyProgress): boolean {
  return outline.questionIds.every((id) => progress.comprehension[id]?.passed === true);
}

export function choicesAnswered(outline: JourneyOutline, progress: JourneyProgress): boolean {
  return outline.choiceIds.every((id) => progress.choices[id] !== undefined);
}

export function coreDeclined(progress: JourneyProgress): boolean {
  return progress.choices["core.wgs"] === "no";
}

/**
 * Whether a screen may be shown yet. The journey runs in order — read, then the check, then the choices — but
 * anything already done stays open, so the participant can go back and look again or change an answer.
 */
export function isStepOpen(outline: JourneyOutline, progress: JourneyProgress, step: JourneyStep): boolean {
  if (stepNumber(outline, step) === 0) return false;
  switch (step.kind) {
    case "section":
      return step.n <= progress.sectionsRead + 1;
    case "question":
      return allSectionsRead(outline, progress) && outline.questionIds.slice(0, step.n - 1).every((id) => progress.comprehension[id]?.passed === true);
    case "choice": {
      if (!allSectionsRead(outline, progress) || !comprehensionPassed(outline, progress)) return false;
      const earlier = outline.choiceIds.slice(0, step.n - 1);
      return earlier.every((id) => progress.choices[id] !== undefined) && !(earlier.includes("core.wgs") && coreDeclined(progress));
    }
    case "review":
    case "sign":
      return allSectionsRead(outline, progress) && comprehensionPassed(outline, progress) && choicesAnswered(outline, progress) && !coreDeclined(progress);
  }
}

/** The first thing left to do: where "continue where you left off" goes. */
export function resumeStep(outline: JourneyOutline, progress: JourneyProgress): JourneyDestination {
  if (!allSectionsRead(outline, progress)) return { kind: "section", n: Math.max(1, progress.sectionsRead + 1) };
  const question = outline.questionIds.findIndex((id) => progress.comprehension[id]?.passed !== true);
  if (question >= 0) return { kind: "question", n: question + 1 };
  if (coreDeclined(progress)) return { kind: "stop" };
  const choice = outline.choiceIds.findIndex((id) => progress.choices[id] === undefined);
  if (choice >= 0) return { kind: "choice", n: choice + 1 };
  return { kind: "review" };
}
