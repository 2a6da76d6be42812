import { AppError } from "../../kernel/index";
import { choiceCatalogue, isChoiceId, type ChoiceId, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices, type FormContent } from "@tsunagi/consent-rules/form-content";

/**
 * A complete, valid snapshot for a version: one allowed value for every offered choice and nothing else, with
 * the required core consent given. Returns the snapshot in catalogue order so hashes do not depend on input order.
 */
export function completeChoices(content: Pick<FormContent, "choiceIds">, input: Record<string, unknown>): ChoiceSnapshot {
  const offered = offeredChoices(content);
  for (const key of Object.keys(input)) {
    if (!isChoiceId(key) || !offered.includes(key)) throw new AppError("choices_incomplete");
  }
  const snapshot: ChoiceSnapshot = {};
  for (const id of offered) {
    const value = input[id];
    if (typeof value !== "string" || !(choiceCatalogue[id].options as readonly string[]).includes(value)) throw new AppError("choices_incomplete");
    snapshot[id] = value;
  }
  if (snapshot["core.wgs"] !== "yes") throw new AppError("choices_incomplete");
  return snapshot;
}

/** Changes to some choices of an existing snapshot; the core consent is withdrawn through withdrawal, not here. */
export function changedChoices(current: ChoiceSnapshot, changes: Record<string, unknown>): { next: ChoiceSnapshot; changed: ChoiceId[] } {
  const next: ChoiceSnapshot = { ...current };
  const changed: ChoiceId[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (!isChoiceId(key) || key === "core.wgs" || !(key in current)) throw new AppError("invalid_input");
    if (typeof value !== "string" || !(choiceCatalogue[key].options as readonly string[]).includes(value)) throw new AppError("invalid_input");
    if (current[key] !== value) {
      next[key] = value;
      changed.push(key);
    }
  }
  if (changed.length === 0) throw new AppError("nothing_changed");
  return { next, changed };
}

/**
 * Typed names are compared the way people write them: full-width and half-width forms alike (NFKC), spaces of
 * any width ignored, Latin letters in any case. "山田（全角スペース）花子" matches "山田 花子"; "Yamada Hanako" matches "yamada hanako".
 */
export function sameName(typed: string, recorded: string): boolean {
  const normalise = (value: string) => value.normalize("NFKC").replace(/\s+/gu, "").toLowerCase();
  const left = normalise(typed);
  return left.length > 0 && left === normalise(recorded);
}
