import { AppError } from "../../kernel/index";

/**
 * What a report verb refuses that a person can act on (ADR 048), each worded in locales/<lang>/reports.json under
 * `refusals.<code>`. Kept beside the reports rather than in app-error.ts: the codes and their sentences belong to
 * this one part, and `invalid_input` / `not_found` still cover the generic cases.
 */
export const reportRefusalCodes = [
  // Another report already has this address.
  "slug_taken",
  // The version is published (frozen) or scheduled (unschedule it first) and so cannot be changed.
  "not_editable",
  // Someone saved this draft after the page was loaded: nothing was written; reload and write again.
  "changed_meanwhile",
  // Publishing or scheduling needs a title and every section's heading and text in all three languages.
  "language_missing",
  // A later version needs its note of what changed in all three languages.
  "change_note_missing",
  // A scheduled time must lie ahead, within a year.
  "publish_at_not_ahead",
  // There is no draft or scheduled version to act on (all are published: start a correction).
  "nothing_to_publish",
  // A report holds at most 20 sections, and at least one.
  "section_limit",
  // Only a scheduled version can be unscheduled.
  "not_scheduled",
] as const;
export type ReportRefusalCode = (typeof reportRefusalCodes)[number];

/** A report verb's refusal: the AppError `report_refused` (409), its reason's sentence in reports.json. */
export class ReportRefusal extends AppError {
  constructor(readonly reason: ReportRefusalCode) {
    super("report_refused", reason, { namespace: "reports", key: `refusals.${reason}` });
    this.name = "ReportRefusal";
  }
}

export function isReportRefusal(error: unknown): error is ReportRefusal {
  return error instanceof ReportRefusal;
}
