/**
 * The journey part's entry for server code (ADR 132): the consent journey's verbs, online and on the clinic tablet,
 * and the paper consent; signing ends in the records part's grant. No other part uses the journey.
 */
export { startOrResumeJourney } from "./start-journey.server";
export { handTabletOver } from "./hand-tablet-over.server";
export { assistedJourneyStart, onlineJourneyStart } from "./journey-start-view.server";
export { loadJourneyScreen } from "./journey-screen.server";
export { markSectionRead } from "./read-section.server";
export { answerComprehensionQuestion } from "./answer-comprehension.server";
export { recordJourneyChoice } from "./record-journey-choice.server";
export { askJourneyQuestion, loadQuestionsPage } from "./journey-questions.server";
export { signJourney } from "./sign-journey.server";
export { recordJourneyAssent } from "./journey-assent.server";
export { loadJourneyOutcome } from "./journey-outcome.server";
export { loadPaperConsentView } from "./paper-consent-view.server";
export { recordPaperConsent } from "./record-paper-consent.server";
export { readPaperScan } from "./read-paper-scan.server";
export { loadShareableForm } from "./shareable-form.server";
