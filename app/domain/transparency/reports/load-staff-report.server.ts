import { getDatabase, type Database } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import { AppError } from "../../kernel/index";
import { isReportId, versionRowOf, type ReportVersionRow } from "./lock-transparency-report.server";
import { missingChangeNotes, missingReportLanguages, type ReportSchedule } from "./report-content";
import { nextEdition } from "./report-periods";

export interface StaffReport {
  id: string;
  slug: string;
  schedule: ReportSchedule | null;
  /** The newest published version, or null before the first publication. */
  publishedVersion: number | null;
  /** The draft or scheduled version, when there is one (there is at most one, and it is the newest). */
  working: ReportVersionRow | null;
  /** Every version, newest first. */
  versions: ReportVersionRow[];
  /** What publishing or scheduling the working version would be refused for. */
  missing: { languages: SupportedLanguage[]; changeNotes: SupportedLanguage[] };
  /** For a recurring report with a published edition: when the next one is due (a suggestion for the schedule form). */
  suggestedPublishAt: Date | null;
}

/** One report with all its versions, for ELSI staff (ADR 048); `not_found` for an id that is not one. */
export async function loadStaffReport(options: { reportId: string; now?: Date }, db: Database = getDatabase()): Promise<StaffReport> {
  if (!isReportId(options.reportId)) throw new AppError("not_found");
  const report = await db.transparencyReport.findUnique({ where: { id: options.reportId }, include: { versions: { orderBy: { version: "desc" } } } });
  if (!report) throw new AppError("not_found");
  const versions = report.versions.map(versionRowOf);
  const working = versions[0] && versions[0].status !== "published" ? versions[0] : null;
  const lastPublished = versions.find((version) => version.status === "published") ?? null;
  const now = options.now ?? new Date();
  const suggested = report.schedule && lastPublished?.publishedAt ? nextEdition(report.schedule, lastPublished.publishedAt).suggestedPublishAt : null;
  return {
    id: report.id,
    slug: report.slug,
    schedule: report.schedule,
    publishedVersion: lastPublished?.version ?? null,
    working,
    versions,
    missing: {
      languages: working ? missingReportLanguages(working.content) : [],
      changeNotes: working ? missingChangeNotes(working.content, working.version) : [],
    },
    suggestedPublishAt: suggested && suggested.getTime() > now.getTime() ? suggested : null,
  };
}
