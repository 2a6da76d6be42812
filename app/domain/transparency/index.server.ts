/**
 * The transparency concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { recordKey } from "./snapshot/record-keys.server";
export { checkpointJwksJson } from "./checkpoints/checkpoint-jwks.server";
export { exportHistory } from "./checkpoints/export-history.server";
export { historyFromLines } from "./checkpoints/history-export";
export { publishCheckpoint, publishScheduledCheckpoint } from "./checkpoints/publish-checkpoint.server";
export { publishedCheckpointsAtomFeed, publishedCheckpointsJson } from "./checkpoints/published-checkpoint-documents.server";
export { publishedCheckpointHashOf } from "./checkpoints/published-checkpoint";
export type { PublishedCheckpoint } from "./checkpoints/published-checkpoint";
export { CheckpointLogRestartRefused, restartCheckpointLog } from "./checkpoints/restart-checkpoint-log.server";
export { parsePublicJwks } from "./checkpoints/sign-published-checkpoint";
export { parseCheckpointListDocument, verifyPublishedCheckpoints } from "./checkpoints/verify-published-checkpoints";
export type { HistoryFailure, PublishedCheckpointsVerdict } from "./checkpoints/verify-published-checkpoints";
export { buildPersonalDisclosure } from "./data-use/build-personal-disclosure.server";
export { loadDataUse } from "./data-use/load-data-use.server";
export type { ApprovedUse, MonthlyActivity, RecordOpening } from "./data-use/load-data-use.server";
export { createReport } from "./reports/create-report.server";
export { listPublicReports, publicReportsMaxPage } from "./reports/list-public-reports.server";
export { listStaffReports } from "./reports/list-staff-reports.server";
export { loadReportPdf } from "./reports/load-report-pdf.server";
export { loadReportVersion } from "./reports/load-report-version.server";
export { loadStaffReport } from "./reports/load-staff-report.server";
export { publishDueReports } from "./reports/publish-due-reports.server";
export { publishReportVersion } from "./reports/publish-report-version.server";
export { reportAtomFeed } from "./reports/report-atom-feed.server";
export { saveReportDraft } from "./reports/save-report-draft.server";
export type { ReportDraftChange } from "./reports/save-report-draft.server";
export { reportScheduleHorizonMs, scheduleReportVersion } from "./reports/schedule-report-version.server";
export { startReportCorrection } from "./reports/start-report-correction.server";
export { unscheduleReportVersion } from "./reports/unschedule-report-version.server";
export { loadLatestSnapshot, loadSnapshot } from "./snapshot/load-snapshot.server";
export { refreshTransparencySnapshot } from "./snapshot/refresh-transparency-snapshot.server";
// Plain modules, but for the server only: the CSV files begin with a byte-order mark made by Buffer as they load.
export { figureCsv, figureJson, releaseLogCsv, releaseLogJson } from "./snapshot/figure-downloads";
export { experienceBands, experienceQuestions } from "./snapshot/compute-snapshot.server";
