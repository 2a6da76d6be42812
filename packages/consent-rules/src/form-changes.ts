import { offeredChoices, formLanguages, type FormContent } from "./form-content";
import type { ChoiceId } from "./choice-catalogue";

/**
 * What changed between the version a participant signed and the one they are asked to sign (issue 55; ADR 120),
 * worked out from the two versions' content and nothing else, so the summary a participant reads and the short path
 * they walk can never say something the versions do not. A part counts as changed when its text differs in any of
 * the form's languages: a correction made only to the English text is still a change to what the English reader
 * signs.
 */

export type ChangeKind = "added" | "changed" | "removed";

export interface SectionChange {
  id: string;
  kind: ChangeKind;
  /** 1-based place in the new version; for a removed section, its place in the previous one. */
  position: number;
}

export interface ChoiceChange {
  id: ChoiceId;
  /** `affected`: the text is the same but the new version names the choice among those re-consent is about. */
  kind: ChangeKind | "affected";
}

export interface FormChanges {
  previousVersion: string;
  version: string;
  sections: SectionChange[];
  questions: { id: string; kind: ChangeKind }[];
  choices: ChoiceChange[];
  /** Offered by both versions with the same text and not named by the new one: carried over from the consent in force. */
  carriedChoiceIds: ChoiceId[];
  purposes: { added: string[]; removed: string[] };
}

const same = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);

function byLanguage<T>(content: FormContent, pick: (language: (typeof formLanguages)[number]) => T): T[] {
  return formLanguages.map((language) => pick(language));
}

export function formChanges(previous: FormContent, next: FormContent): FormChanges {
  const sectionsOf = (content: FormContent) => content.languages.ja.sections.map((section) => section.id);
  const previousSections = sectionsOf(previous);
  const sectionText = (content: FormContent, id: string) => byLanguage(content, (language) => content.languages[language].sections.find((section) => section.id === id) ?? null);
  const sections: SectionChange[] = [];
  sectionsOf(next).forEach((id, index) => {
    if (!previousSections.includes(id)) sections.push({ id, kind: "added", position: index + 1 });
    else if (!same(sectionText(previous, id), sectionText(next, id))) sections.push({ id, kind: "changed", position: index + 1 });
  });
  previousSections.forEach((id, index) => {
    if (!sectionsOf(next).includes(id)) sections.push({ id, kind: "removed", position: index + 1 });
  });

  const questionOf = (content: FormContent, id: string) => ({
    rule: content.questions.find((question) => question.id === id) ?? null,
    text: byLanguage(content, (language) => content.languages[language].questions[id] ?? null),
  });
  const previousQuestions = previous.questions.map((question) => question.id);
  const nextQuestions = next.questions.map((question) => question.id);
  const questions: { id: string; kind: ChangeKind }[] = [];
  for (const id of nextQuestions) {
    if (!previousQuestions.includes(id)) questions.push({ id, kind: "added" });
    else if (!same(questionOf(previous, id), questionOf(next, id))) questions.push({ id, kind: "changed" });
  }
  for (const id of previousQuestions) if (!nextQuestions.includes(id)) questions.push({ id, kind: "removed" });

  const previousChoices = offeredChoices(previous);
  const nextChoices = offeredChoices(next);
  const choiceText = (content: FormContent, id: ChoiceId) => byLanguage(content, (language) => content.languages[language].choices[id] ?? null);
  const choices: ChoiceChange[] = [];
  const carriedChoiceIds: ChoiceId[] = [];
  for (const id of nextChoices) {
    if (!previousChoices.includes(id)) choices.push({ id, kind: "added" });
    else if (!same(choiceText(previous, id), choiceText(next, id))) choices.push({ id, kind: "changed" });
    else if (next.kind === "major" && next.affectsChoiceIds.includes(id)) choices.push({ id, kind: "affected" });
    else carriedChoiceIds.push(id);
  }
  for (const id of previousChoices) if (!nextChoices.includes(id)) choices.push({ id, kind: "removed" });

  return {
    previousVersion: previous.version,
    version: next.version,
    sections,
    questions,
    choices,
    carriedChoiceIds,
    purposes: {
      added: next.permittedPurposes.filter((purpose) => !previous.permittedPurposes.includes(purpose)),
      removed: previous.permittedPurposes.filter((purpose) => !next.permittedPurposes.includes(purpose)),
    },
  };
}
