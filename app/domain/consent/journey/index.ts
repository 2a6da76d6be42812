/**
 * The journey part's entry for what the browser may also load (ADR 132): the journey's screens, steps, views and
 * schemas, which the journey's pages draw.
 */
export type { JourneyActor } from "./journey-actor";
export { AssentSchema, ComprehensionAnswerSchema, JourneyChoiceSchema, JourneyQuestionSchema, PaperConsentSchema, SectionReadSchema, SignJourneySchema, StartAssistedJourneySchema, StartJourneySchema, answersByChoice } from "./journey-schemas";
export type { ChoiceItem, JourneyScreen, ScreenBody } from "./journey-screen";
export { stepPath } from "./journey-steps";
export type { JourneyDestination, StageSpan } from "./journey-steps";
export type { JourneyOutcome, JourneyStartView, ReconsentSummary, StartSubject } from "./journey-views";
export { MAX_SCAN_BYTES } from "./scan-file";
