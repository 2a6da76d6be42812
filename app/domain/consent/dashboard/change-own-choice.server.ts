import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { isChoiceId, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion } from "../forms/index.server";
import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import { describeChoiceEffects, type ChoiceEffects } from "../explain/index";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { projectionFromRow } from "../ledger/index";
import { requireConsentSubject } from "../participants/index.server";
import { changeChoices } from "../records/index.server";
import { choiceLine, type ChoiceLine } from "./choice-lines";
import { choiceChangeable, choicesChangeable } from "../records/index";

/**
 * One choice, two steps: "review" shows exactly what will change, "confirm" records it. `from` is the value the
 * confirmation screen showed, so a change made meanwhile (another window, a proxy) is never silently overwritten.
 */
export const ChangeChoiceSchema = z.object({
  intent: z.enum(["review", "confirm"]),
  value: z.string().trim().min(1).max(40),
  from: z.string().trim().min(1).max(40).optional(),
});
export type ChangeChoiceInput = z.infer<typeof ChangeChoiceSchema>;

export interface ChoiceToChange {
  participantId: string;
  fullName: string;
  as: "self" | "proxy";
  relationship: string | null;
  line: ChoiceLine;
  /** What the current answer does at the gate now. */
  effects: ChoiceEffects;
  /** False for the core consent (withdrawal is the way out) and once no further use is allowed. */
  changeable: boolean;
  withdrawn: boolean;
}

export async function loadChoiceToChange(
  options: { userId: string; participantId?: string | null; choiceId: string; language: FormLanguage },
  db: Database = getDatabase(),
): Promise<ChoiceToChange> {
  return (await loadChoiceAndConsent(options, db)).choice;
}

async function loadChoiceAndConsent(
  options: { userId: string; participantId?: string | null; choiceId: string; language: FormLanguage },
  db: Database,
): Promise<{ choice: ChoiceToChange; consent: ConsentView }> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const state = await db.consentState.findUnique({ where: { participantId: subject.participantId } });
  if (!state?.formVersionId) throw new AppError("consent_not_found");
  const value = (state.choices as ChoiceSnapshot)[options.choiceId as keyof ChoiceSnapshot];
  if (!isChoiceId(options.choiceId) || value === undefined) throw new AppError("not_found");
  const version = await loadFormVersion(state.formVersionId, db);
  const line = choiceLine(version.content, options.language, options.choiceId, value);
  const consent = projectionFromRow(state);
  const open = choicesChangeable(consent);
  return {
    choice: {
      participantId: subject.participantId,
      fullName: subject.fullName,
      as: subject.as,
      relationship: subject.relationship,
      line,
      effects: describeChoiceEffects(options.choiceId, value, consent),
      changeable: open && line.changeable && choiceChangeable(consent, line.id),
      withdrawn: !open,
    },
    consent,
  };
}

/** The confirmation screen's "From … To …", or why there is nothing to confirm. */
export function reviewChoiceChange(line: ChoiceLine, to: string): { from: { value: string; label: string }; to: { value: string; label: string } } {
  const target = line.options.find((option) => option.value === to);
  if (!target) throw new AppError("invalid_input");
  if (target.value === line.value) throw new AppError("nothing_changed");
  return { from: { value: line.value, label: line.valueLabel }, to: target };
}

export interface ChoiceChangeReview {
  choice: ChoiceToChange;
  from: { value: string; label: string };
  to: { value: string; label: string };
  /** What the new answer would do at the gate, for this participant's consent as it stands. */
  effectsAfter: ChoiceEffects;
}

/** Step one: what exactly would change, refused when the choice cannot change here or the value is no option. */
export async function reviewOwnChoiceChange(
  options: { userId: string; participantId?: string | null; choiceId: string; value: string; language: FormLanguage },
  db: Database = getDatabase(),
): Promise<ChoiceChangeReview> {
  const { choice, consent } = await loadChoiceAndConsent(options, db);
  if (choice.withdrawn) throw new AppError("consent_withdrawn");
  if (!choice.changeable) throw new AppError("forbidden");
  const review = reviewChoiceChange(choice.line, options.value);
  return { choice, ...review, effectsAfter: describeChoiceEffects(choice.line.id, review.to.value, consent) };
}

/**
 * Step two: a participant or proxy changes one choice online. Effective at once; the ledger event, its PDF and
 * the email copy follow from changeChoices.
 */
export async function changeOwnChoice(
  options: { actor: { userId: string; role: string }; participantId?: string | null; choiceId: string; input: ChangeChoiceInput; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<LedgerEventRecord> {
  const input = ChangeChoiceSchema.parse(options.input);
  const review = await reviewOwnChoiceChange(
    { userId: options.actor.userId, participantId: options.participantId, choiceId: options.choiceId, value: input.value, language: options.language },
    db,
  );
  if (input.from !== review.from.value) throw new AppError("consent_changed_meanwhile");
  // Checked again under the participant's lock (changeChoices): a change made between this read and the write is
  // not overwritten either.
  return changeChoices(
    {
      participantId: review.choice.participantId,
      changes: { [review.choice.line.id]: review.to.value },
      expected: { [review.choice.line.id]: review.from.value },
      actor: options.actor,
      method: "online",
      language: options.language,
      request: options.request,
    },
    db,
  );
}
