/**
 * The transparency concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { describeDisclosureControl, protectTable, publishedCountJson, publishedCountText } from "./disclosure/disclosure-control";
export type { PublishedCount, PublishedTable } from "./disclosure/disclosure-control";
export { SMALL_COUNT_LABEL, SMALL_COUNT_THRESHOLD } from "./disclosure/disclosure-control";
export { DraftTokenSchema, NewReportFormSchema, ReportHeaderFormSchema, ReportSectionFormSchema, flatFieldsOf, isReportSlug, reportFormLanguages, reportSchedules, reportSectionsMax } from "./reports/report-content";
export type { ReportContent, ReportSection } from "./reports/report-content";
export { ReportRefusal } from "./reports/report-refusal";
export { FigureIdSchema, figureIds } from "./snapshot/snapshot-figures";
export { figureKeyLabel } from "./snapshot/figure-labels";
export type { Figure, FigureId, ReleaseLogEntry, SnapshotContent } from "./snapshot/snapshot-figures";
export { targetShares } from "./snapshot/target-shares";
export type { TargetShare } from "./snapshot/target-shares";
