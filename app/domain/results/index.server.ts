/**
 * The results concept's public entry for server code (issue 57, ADR 137): analysis reports sent in, explained, and
 * returned to the participant. What other concepts and the routes may use; everything else in this folder is its own.
 */
export { loadOwnReport, loadOwnResults } from "./load-own-results.server";
export type { OwnReport, OwnReportSummary, OwnResults } from "./load-own-results.server";
export { readOwnReportPdf } from "./read-own-report-pdf.server";
export { recordReportExplained } from "./record-report-explained.server";
export { listReportsToExplain, loadReportForStaff } from "./staff-reports.server";
export type { ReportToExplain, StaffReportView } from "./staff-reports.server";
export { submitReport } from "./submit-report.server";
export { reportsOpenApi } from "./reports-openapi.server";
export { readDisclosedReports } from "./read-disclosed-reports.server";
export { loadRelativesLetterForm, makeRelativesLetter, readOwnPlainReportPdf } from "./relatives-letter.server";
export type { LetterForm } from "./relatives-letter.server";
