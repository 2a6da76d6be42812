import { isChoiceId, type ChoiceId, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices, type FormContent, type FormLanguage } from "@tsunagi/consent-rules/form-content";

/** One choice as the participant reads it: the signed version's own words, in the reader's language. */
export interface ChoiceLine {
  id: ChoiceId;
  title: string;
  /** What saying yes (or each option) means, shown on demand. */
  explanation: string;
  value: string;
  valueLabel: string;
  options: { value: string; label: string }[];
  /** The core consent is not a toggle: stopping it is a withdrawal, with its own explanation. */
  changeable: boolean;
}

export function choiceLine(content: FormContent, language: FormLanguage, id: ChoiceId, value: string): ChoiceLine {
  const text = content.languages[language].choices[id];
  const options = Object.entries(text?.options ?? {}).map(([option, label]) => ({ value: option, label }));
  return {
    id,
    title: text?.title ?? id,
    explanation: text?.explanation ?? "",
    value,
    valueLabel: text?.options[value] ?? value,
    options,
    changeable: id !== "core.wgs",
  };
}

/** Every choice of a snapshot, in catalogue order, worded as the version the participant signed words it. */
export function choiceLinesOf(content: FormContent, language: FormLanguage, choices: ChoiceSnapshot): ChoiceLine[] {
  return offeredChoices(content)
    .filter((id) => choices[id] !== undefined)
    .map((id) => choiceLine(content, language, id, choices[id]!));
}

/** The label a version gives one value of a choice; the raw value when the version never offered it. */
export function optionLabel(content: FormContent, language: FormLanguage, id: string, value: string | undefined): string {
  if (value === undefined) return "";
  if (!isChoiceId(id)) return value;
  return content.languages[language].choices[id]?.options[value] ?? value;
}
