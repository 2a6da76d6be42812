/**
 * The consultations concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export type { AnalysisQuestion, AnalysisTable, ConsultationAnalysis } from "./consultation-analysis";
export { ConsultationEditorSchema, ConsultationPageSchema, japanLocalValue } from "./consultation-editor-form";
export { consultationAudiences, questionKinds } from "./consultation-model";
export type { LocalizedText } from "./consultation-model";
export { AUDIENCE_COLUMN_MINIMUM, RELEASE_STEP } from "./consultation-releases";
export type { ReleaseKind } from "./consultation-releases";
export { ReportFormSchema, changeNoteMax, decisionReasonMax, decisionStates, decisionTextMax, emptyText, linkLabelMax, linksMax, quotationRefOf, reportSummaryMax, themeTextMax } from "./consultation-report";
export type { DecisionState, DecisionView, ReportDocument } from "./consultation-report";
export { ModerationActionSchema, hiddenReasonLimit, moderationStates } from "./moderation-form";
export type { ModerationState } from "./moderation-form";
export { redactedTextParts } from "./personal-data";
export type { AnswerIssue } from "./read-answers";
export { AnalysisFormSchema, themeLabelMax } from "./theme-form";
export { findPersonalData } from "./personal-data";
export { FollowDecisionSchema } from "./follow/follow-schema";
