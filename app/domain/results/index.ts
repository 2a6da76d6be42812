/**
 * The results concept's public entry: what the browser and other concepts may use (ADR 101, 137).
 */
export { explanationModes, RecordExplanationSchema, releaseRefusals } from "./report-explanation";
export type { ReportArea, ReportConclusion } from "./report-submission";
export type { DisclosedReport, PlainReport, SecondarySection, TrialLink } from "./report-view";
export { letterFieldsFromQuery, letterFieldsInError, letterLanguages, maxLetterMessage, RelativesLetterSchema } from "./relatives-letter";
export type { LetterFinding } from "./relatives-letter";
