import type { ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { formLanguages, offeredChoices, type FormContent } from "@tsunagi/consent-rules/form-content";
import type { FormChanges } from "@tsunagi/consent-rules/form-changes";
import type { JourneyProgress } from "./journey-progress";

/**
 * The journey's screens in order (ADR 019): reading screens (each one or more consecutive sections), one screen per
 * comprehension question, one screen per choice group, then review and sign. Numbers in steps are 1-based and count
 * screens of their kind, as in the URLs (`/section/2` is the second reading screen); the "step n of N" line counts
 * all screens.
 */
export type JourneyStep = { kind: "section"; n: number } | { kind: "question"; n: number } | { kind: "choice"; n: number } | { kind: "review" } | { kind: "sign" };

/** Where the participant is sent when core participation was declined: a kind page, not an error. */
export type JourneyDestination = JourneyStep | { kind: "stop" };

/** A reading screen: sections `first` to `last` of the form (1-based, inclusive). */
export interface ReadingScreen {
  first: number;
  last: number;
}

export interface JourneyOutline {
  /** How many sections the form has; progress counts sections read, whatever the screens. */
  sections: number;
  readings: ReadingScreen[];
  questionIds: string[];
  /** Every offered choice, in catalogue order: what the signature's snapshot holds. */
  choiceIds: ChoiceId[];
  /** The choice screens: the offered choices of one catalogue group each, in catalogue order. */
  choiceScreens: ChoiceId[][];
  /**
   * Re-consent's short path (ADR 120): choices the new version left as they were, whose answers are carried over from
   * the consent in force rather than asked again. Empty on a full journey.
   */
  carriedChoiceIds: ChoiceId[];
}

/**
 * A choice's group is the first part of its catalogue id (`share.industry` → `share`): choices that decide one
 * question — who may use the data, which findings to hear, how to be contacted again — share a prefix, so a choice
 * added to the catalogue later joins its group's screen without a list here to keep up to date.
 */
export function choiceGroupOf(id: ChoiceId): string {
  return id.split(".")[0]!;
}

function groupChoices(ids: ChoiceId[]): ChoiceId[][] {
  const groups = new Map<string, ChoiceId[]>();
  for (const id of ids) groups.set(choiceGroupOf(id), [...(groups.get(choiceGroupOf(id)) ?? []), id]);
  return [...groups.values()];
}

/** At most this many sections share a screen, however short they are: each keeps its own heading to read under. */
export const maxSectionsPerScreen = 3;

/**
 * Consecutive sections share a reading screen while, in every language of the form, the screen holds no more text
 * than two average sections, or than the longest section where that is more (a screen the participant must scroll
 * through anyway). Short sections are put together; a long one stays alone. Measured in characters of heading and
 * paragraphs per language, and decided once for all languages, so a journey's screens do not change when the
 * participant switches language half-way.
 */
export function readingScreensOf(content: Pick<FormContent, "languages">): ReadingScreen[] {
  const lengths = formLanguages.map((language) => content.languages[language].sections.map((section) => section.heading.length + section.paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0)));
  const budgets = lengths.map((perSection) => Math.max(...perSection, (2 * perSection.reduce((sum, length) => sum + length, 0)) / perSection.length));
  const count = content.languages.ja.sections.length;
  const screens: ReadingScreen[] = [];
  let first = 1;
  while (first <= count) {
    let last = first;
    while (
      last < count &&
      last + 1 - first < maxSectionsPerScreen &&
      lengths.every((perSection, language) => perSection.slice(first - 1, last + 1).reduce((sum, length) => sum + length, 0) <= budgets[language]!)
    ) {
      last += 1;
    }
    screens.push({ first, last });
    first = last + 1;
  }
  return screens;
}

export function outlineOf(content: Pick<FormContent, "choiceIds" | "questions" | "languages">): JourneyOutline {
  const choiceIds = offeredChoices(content);
  return {
    sections: content.languages.ja.sections.length,
    readings: readingScreensOf(content),
    questionIds: content.questions.map((question) => question.id),
    choiceIds,
    choiceScreens: groupChoices(choiceIds),
    carriedChoiceIds: [],
  };
}

/**
 * The short path of a re-consent (issue 55; ADR 120): reading screens only for the sections the new version added or
 * changed (consecutive ones share a screen, as many as a full journey would put together), only the questions that
 * changed, and only the choice screens holding a choice that changed — each screen whole, its unchanged choices
 * filled in with the answers in force. Everything else is carried over and shown on the review. Sections, questions
 * and choices keep the numbers they have in the version, so a reading screen names the section's place in the form.
 */
export function reconsentOutlineOf(content: Pick<FormContent, "choiceIds" | "questions" | "languages">, changes: FormChanges): JourneyOutline {
  const full = outlineOf(content);
  const changedSections = new Set(changes.sections.filter((change) => change.kind !== "removed").map((change) => change.position));
  const readings: ReadingScreen[] = [];
  for (const screen of full.readings) {
    // A full journey's screen is kept in its own bounds; inside it, each run of changed sections is a screen.
    for (let section = screen.first; section <= screen.last; section += 1) {
      if (!changedSections.has(section)) continue;
      const last = readings.at(-1);
      if (last && last.last === section - 1 && last.first >= screen.first) last.last = section;
      else readings.push({ first: section, last: section });
    }
  }
  const askedQuestions = new Set(changes.questions.filter((change) => change.kind !== "removed").map((change) => change.id));
  const carried = new Set(changes.carriedChoiceIds);
  return {
    sections: full.sections,
    readings,
    questionIds: full.questionIds.filter((id) => askedQuestions.has(id)),
    choiceIds: full.choiceIds,
    choiceScreens: full.choiceScreens.filter((screen) => screen.some((id) => !carried.has(id))),
    carriedChoiceIds: full.choiceIds.filter((id) => carried.has(id)),
  };
}

/**
 * After a death or a loss of capacity (ADR 143), what the person chose for that moment is theirs alone (ADR 144): a
 * proxy's journey carries it over as it stands instead of asking it, and its screen goes when it held nothing else.
 */
export function withDispositionCarried(outline: JourneyOutline): JourneyOutline {
  const id: ChoiceId = "disposition.life_event";
  if (!outline.choiceIds.includes(id) || outline.carriedChoiceIds.includes(id)) return outline;
  return {
    ...outline,
    choiceScreens: outline.choiceScreens.map((screen) => screen.filter((choice) => choice !== id)).filter((screen) => screen.length > 0),
    carriedChoiceIds: [...outline.carriedChoiceIds, id].sort((a, b) => outline.choiceIds.indexOf(a) - outline.choiceIds.indexOf(b)),
  };
}

export function stepsOf(outline: JourneyOutline): JourneyStep[] {
  const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
  return [
    ...range(outline.readings.length).map((n) => ({ kind: "section", n }) as const),
    ...range(outline.questionIds.length).map((n) => ({ kind: "question", n }) as const),
    ...range(outline.choiceScreens.length).map((n) => ({ kind: "choice", n }) as const),
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

/** The journey's parts, named on every screen with how far each is done ("step n of N" and what is left). */
export type JourneyStage = "reading" | "check" | "choices" | "review" | "sign";
export interface StageSpan {
  stage: JourneyStage;
  /** Step numbers, 1-based and inclusive, of the stage's first and last screens. */
  first: number;
  last: number;
}

const stageOfKind = { section: "reading", question: "check", choice: "choices", review: "review", sign: "sign" } as const satisfies Record<JourneyStep["kind"], JourneyStage>;

export function stagesOf(outline: JourneyOutline): StageSpan[] {
  const spans: StageSpan[] = [];
  stepsOf(outline).forEach((step, index) => {
    const stage = stageOfKind[step.kind];
    const last = spans.at(-1);
    if (last?.stage === stage) last.last = index + 1;
    else spans.push({ stage, first: index + 1, last: index + 1 });
  });
  return spans;
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

/** The reading screen that shows section `section` (1-based). */
export function readingScreenOf(outline: JourneyOutline, section: number): number {
  return outline.readings.findIndex((screen) => screen.first <= section && section <= screen.last) + 1;
}

/** The choice screen that shows choice `id`, 1-based, or 0 when this version does not offer it. */
export function choiceScreenOf(outline: JourneyOutline, id: ChoiceId): number {
  return outline.choiceScreens.findIndex((screen) => screen.includes(id)) + 1;
}

/** The last section the journey asks to be read: the form's last on a full journey, the last changed one on a re-consent. */
function lastSectionToRead(outline: JourneyOutline): number {
  return outline.readings.at(-1)?.last ?? 0;
}

export function allSectionsRead(outline: JourneyOutline, progress: JourneyProgress): boolean {
  return progress.sectionsRead >= lastSectionToRead(outline);
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
      // Open once the screen before it is read (sections before a re-consent's first changed one are carried over).
      return step.n === 1 || outline.readings[step.n - 2]!.last <= progress.sectionsRead;
    case "question":
      return allSectionsRead(outline, progress) && outline.questionIds.slice(0, step.n - 1).every((id) => progress.comprehension[id]?.passed === true);
    case "choice": {
      if (!allSectionsRead(outline, progress) || !comprehensionPassed(outline, progress)) return false;
      const earlier = outline.choiceScreens.slice(0, step.n - 1).flat();
      return earlier.every((id) => progress.choices[id] !== undefined) && !(earlier.includes("core.wgs") && coreDeclined(progress));
    }
    case "review":
    case "sign":
      return allSectionsRead(outline, progress) && comprehensionPassed(outline, progress) && choicesAnswered(outline, progress) && !coreDeclined(progress);
  }
}

/**
 * The first thing left to do: where "continue where you left off" goes. Progress is kept per section, question
 * and choice, not per screen, so a journey saved under another grouping resumes at the screen that holds its first
 * unread section or unanswered choice.
 */
export function resumeStep(outline: JourneyOutline, progress: JourneyProgress): JourneyDestination {
  if (!allSectionsRead(outline, progress)) return { kind: "section", n: outline.readings.findIndex((screen) => screen.last > progress.sectionsRead) + 1 };
  const question = outline.questionIds.findIndex((id) => progress.comprehension[id]?.passed !== true);
  if (question >= 0) return { kind: "question", n: question + 1 };
  if (coreDeclined(progress)) return { kind: "stop" };
  const choice = outline.choiceScreens.findIndex((screen) => screen.some((id) => progress.choices[id] === undefined));
  if (choice >= 0) return { kind: "choice", n: choice + 1 };
  return { kind: "review" };
}
