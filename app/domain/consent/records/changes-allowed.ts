import { dispositionWhenUnchosen, withdrawalLevelInForce, type ConsentView } from "@tsunagi/consent-rules/decide-action";
import { withdrawalLevelsStricterThan, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import type { ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";

type Standing = Pick<ConsentView, "status" | "choices" | "withdrawalLevel" | "lifeEvent">;

/**
 * Choices may change while data may still be used: while consent stands, and after a "no further contact" withdrawal,
 * or a life event whose disposition reaches no further (ADR 143). After a death nothing is chosen for the person any
 * more (ADR 144): only a stricter withdrawal stays open to those who act for them.
 */
export function choicesChangeable(consent: Standing): boolean {
  if (consent.lifeEvent?.kind === "death") return false;
  if (consent.status === "withdrawn" && consent.withdrawalLevel !== "no_contact") return false;
  const level = withdrawalLevelInForce(consent);
  return level === null || level === "no_contact";
}

/**
 * One choice: as choicesChangeable, except that what the person chose for a death or a loss of capacity is theirs
 * alone once one is recorded: nobody acting for them changes it afterwards (ADR 144).
 */
export function choiceChangeable(consent: Standing, choiceId: ChoiceId): boolean {
  if (!choicesChangeable(consent)) return false;
  return !(consent.lifeEvent && choiceId === "disposition.life_event");
}

/** The withdrawal levels still open: those beyond the one in force (a withdrawal, or a life event's disposition). */
export function withdrawalLevelsLeft(consent: Standing | null): WithdrawalLevel[] {
  return consent ? withdrawalLevelsStricterThan(withdrawalLevelInForce(consent)) : [];
}

/**
 * Whether a new consent may be signed now: after a death by nobody; after a loss of capacity only by a proxy, who then
 * carries the person's own disposition forward unchanged (grantChoicesAfterLifeEvent). ADR 144.
 */
export function grantAllowed(consent: Pick<ConsentView, "lifeEvent"> | null, signer: "self" | "proxy"): boolean {
  if (!consent?.lifeEvent) return true;
  return consent.lifeEvent.kind === "incapacity" && signer === "proxy";
}

/** The choices a grant after a life event records: the disposition stays what the person chose (absent: the rule's default). */
export function grantChoicesAfterLifeEvent<Choices extends Record<string, string>>(consent: Pick<ConsentView, "choices" | "lifeEvent"> | null, choices: Choices): Choices {
  if (!consent?.lifeEvent || !("disposition.life_event" in choices)) return choices;
  return { ...choices, "disposition.life_event": consent.choices["disposition.life_event"] ?? dispositionWhenUnchosen };
}
