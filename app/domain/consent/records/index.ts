/**
 * The records part's entry for what the browser may also load (ADR 132): a complete set of choices, the withdrawal's
 * channels and erased fields, and the time as a consent document prints it.
 */
export { completeChoices } from "./validate-choices";
export { identityFieldsErasedAtDestroy, receivedWithdrawalChannels } from "./withdrawal-levels";
export { formatJst } from "./documents/consent-document";
export { choiceChangeable, choicesChangeable, grantAllowed, grantChoicesAfterLifeEvent, withdrawalLevelsLeft } from "./changes-allowed";
