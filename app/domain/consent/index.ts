/**
 * The consent concept's public entry for what the browser may also load: what routes, components and other concepts
 * may use (ADR 101, 130). Inside, consent is walled parts (ADR 132), each with entries of its own; this file
 * re-exports from those and names what the outside may use, no more. Lint refuses another concept's import past it.
 */
export { consentViewOfRow, projectionFromRow, recordFromRow, rowFromProjection, verifyEs256Once } from "./ledger/index";
export { birthDateOptions, enrolledSampleKinds, programmeAreas, proxyRelationships, registrableSampleKinds, sampleRegistrationFor } from "./participants/index";
export type { Option, ProgrammeArea } from "./participants/index";
export { draftTextFields, draftTextSchema, formTextPath, isProgrammeFormKey, programmeFormKeys, reviewAnswers, ReviewerCommentFormSchema, reviewTextMax, StaffReviewFormSchema } from "./forms/index";
export type { DraftTextFields, ProgrammeFormKey, RoundForReviewer } from "./forms/index";
export { completeChoices, formatJst, identityFieldsErasedAtDestroy, receivedWithdrawalChannels } from "./records/index";
export { answersByChoice, AssentSchema, ComprehensionAnswerSchema, JourneyChoiceSchema, JourneyQuestionSchema, MAX_SCAN_BYTES, PaperConsentSchema, SectionReadSchema, SignJourneySchema, StartAssistedJourneySchema, StartJourneySchema, stepPath } from "./journey/index";
export type { ChoiceItem, JourneyActor, JourneyDestination, JourneyOutcome, JourneyScreen, JourneyStartView, ReconsentSummary, ScreenBody, StageSpan, StartSubject } from "./journey/index";
export { choiceChangeable, choiceLinesOf, choicesChangeable, withdrawalLevelsLeft } from "./dashboard/index";
export type { ChoiceLine } from "./dashboard/index";
export { aboutPerson, describeChoiceEffects, describeConsentEffects, describeWithdrawalLevel, effectKey, effectSentence, effectsSummary, listOf, referenceConsent, subjectSentence } from "./explain/index";
export type { ChoiceEffects, GateEffect, SentenceSubject, Translate } from "./explain/index";
