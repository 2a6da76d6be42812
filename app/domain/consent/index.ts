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
export { identityFieldsErasedAtDestroy, receivedWithdrawalChannels } from "./dashboard/withdrawal-levels";
export { enrolledSampleKinds, proxyRelationships } from "./enrolment/enrolment-schema";
export { formTextPath, isProgrammeFormKey, programmeFormKeys } from "./enrolment/programme-forms";
export type { ProgrammeFormKey } from "./enrolment/programme-forms";
export { describeWithdrawalLevel } from "./explain/describe-withdrawal-level";
export { aboutPerson, effectKey, effectSentence, effectsSummary, listOf, subjectSentence } from "./explain/effect-sentences";
export type { SentenceSubject, Translate } from "./explain/effect-sentences";
export { describeConsentEffects, referenceConsent } from "./explain/gate-effects";
export type { GateEffect } from "./explain/gate-effects";
export { draftTextFields, draftTextSchema } from "./forms/form-draft-text";
export type { DraftTextFields } from "./forms/form-draft-text";
export { ReviewerCommentFormSchema, StaffReviewFormSchema, reviewAnswers, reviewTextMax } from "./forms/review/review-forms";
export type { RoundForReviewer } from "./forms/review/reviewer";
export { birthDateOptions } from "./invitations/birth-date-options";
export type { Option } from "./invitations/birth-date-options";
export type { JourneyActor } from "./journey/journey-actor";
export { AssentSchema, ComprehensionAnswerSchema, JourneyChoiceSchema, JourneyQuestionSchema, PaperConsentSchema, SectionReadSchema, SignJourneySchema, StartAssistedJourneySchema, StartJourneySchema, answersByChoice } from "./journey/journey-schemas";
export type { ChoiceItem, JourneyScreen, ScreenBody } from "./journey/journey-screen";
export { stepPath } from "./journey/journey-steps";
export type { JourneyDestination, StageSpan } from "./journey/journey-steps";
export type { JourneyOutcome, JourneyStartView, ReconsentSummary, StartSubject } from "./journey/journey-views";
export { MAX_SCAN_BYTES } from "./journey/scan-file";
export { rowFromProjection } from "./ledger/ledger-rows";
export { completeChoices } from "./records/validate-choices";
export { registrableSampleKinds, sampleRegistrationFor } from "./samples/sample-registration";
