/**
 * The consultations concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { listConsultations } from "./list-consultations.server";
export { countAnswersToModerate } from "./count-answers-to-moderate.server";
export { answerConsultation } from "./answer-consultation.server";
export { answerTextFingerprint } from "./answer-text-fingerprint.server";
export { countConsultationAudience } from "./count-consultation-audience.server";
export { createConsultationTheme } from "./create-consultation-theme.server";
export { createConsultation } from "./create-consultation.server";
export { editConsultationDraft } from "./edit-consultation-draft.server";
export type { ConsultationViewer } from "./list-consultations.server";
export { listModerationQueue } from "./list-moderation-queue.server";
export { listOpenedPublicConsultations } from "./list-opened-public-consultations.server";
export { listStaffConsultations } from "./list-staff-consultations.server";
export { loadConsultationAnalysis } from "./load-consultation-analysis.server";
export { loadConsultationDraft } from "./load-consultation-draft.server";
export { loadConsultationForResponder } from "./load-consultation-for-responder.server";
export type { ResponderQuestion } from "./load-consultation-for-responder.server";
export { moderateAnswerText } from "./moderate-answer-text.server";
export { publishConsultation } from "./publish-consultation.server";
export { recountConsultationThemes } from "./recount-consultation-themes.server";
export { changeDecisionState } from "./report/change-decision-state.server";
export { listConsultationOutcomes } from "./report/list-consultation-outcomes.server";
export { listPublishedReports } from "./report/list-published-reports.server";
export { loadPublishedReport } from "./report/load-published-report.server";
export { loadReportWorkspace } from "./report/load-report-workspace.server";
export { notifyReportResponders } from "./report/notify-report-responders.server";
export { publishConsultationReport } from "./report/publish-consultation-report.server";
export { reportNoticeStillAllowed } from "./report/report-notice-still-allowed.server";
export { saveConsultationDecision } from "./report/save-consultation-decision.server";
export { saveConsultationReportDraft } from "./report/save-consultation-report-draft.server";
export { startConsultationReport } from "./report/start-consultation-report.server";
export { looksLikeResponderToken } from "./responder-key.server";
export { setAnswerThemes } from "./set-answer-themes.server";
export { showOriginalAnswerText } from "./show-original-answer-text.server";
export { AnswersRefusedError, submitConsultationResponse } from "./submit-consultation-response.server";
export { withdrawConsultationAnswer } from "./withdraw-consultation-answer.server";
// A plain module, but for the server only: the files are written with csv-stringify, as the resource routes serve them.
export { consultationAnalysisCsv, consultationAnalysisJson } from "./consultation-analysis-downloads";
export { followDecision, followsPerAddress, followStillAllowed, loadFollowableDecision, readFollow, setFollowing } from "./follow/follow-decision.server";
export type { FollowableDecision, FollowView } from "./follow/follow-decision.server";
export { notifyDecisionChange } from "./follow/notify-decision-change.server";
