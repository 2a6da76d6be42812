/**
 * The explain part's entry (ADR 132, 018): what a choice, a consent or a withdrawal level does, as the consent rule
 * answers it, and the sentences that word it. Pure: it imports no other part, and the browser may load all of it.
 */
export { describeChoiceEffects, describeConsentEffects, referenceConsent } from "./gate-effects";
export type { ChoiceEffects, GateEffect } from "./gate-effects";
export { describeWithdrawalLevel } from "./describe-withdrawal-level";
export { aboutPerson, effectKey, effectSentence, effectsSummary, listOf, subjectSentence } from "./effect-sentences";
export type { SentenceSubject, Translate } from "./effect-sentences";
