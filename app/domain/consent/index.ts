/**
 * The consent concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { choiceLinesOf } from "./dashboard/choice-lines";
export type { ChoiceLine } from "./dashboard/choice-lines";
export { choicesChangeable } from "./dashboard/choices-changeable";
export { formatJst } from "./documents/consent-document";
export { programmeAreas } from "./enrolment/programme-areas";
export type { ProgrammeArea } from "./enrolment/programme-areas";
export { describeChoiceEffects } from "./explain/gate-effects";
export type { ChoiceEffects } from "./explain/gate-effects";
export { verifyEs256Once } from "./ledger/checkpoints/verify-es256-once";
export { consentViewOfRow, projectionFromRow, recordFromRow } from "./ledger/ledger-rows";
