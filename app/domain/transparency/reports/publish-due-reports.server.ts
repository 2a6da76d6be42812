import type { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { translator } from "../../../i18n/i18n";
import { supportedLanguages, type SupportedLanguage } from "../../../i18n/languages";
import { recordAuditEvent } from "../../kernel/index.server";
import { lockTransparencyReport, newestReportVersion } from "./lock-transparency-report.server";
import type { ReportSchedule, ReportText } from "./report-content";
import { nextEdition, type ReportPeriod } from "./report-periods";
import { isReportRefusal, type ReportRefusalCode } from "./report-refusal";
import { publishReportVersion } from "./publish-report-version.server";

export interface DueReportsRun {
  published: { reportId: string; version: number }[];
  /** Scheduled versions that could not be published (the refusal's code); they stay scheduled for staff to see. */
  refused: { reportId: string; version: number; code: ReportRefusalCode }[];
  /** The next period's drafts made for recurring reports. */
  drafted: { reportId: string; version: number }[];
}

/** At most this many publications a run: each computes a snapshot; the job runs again in five minutes. */
const publicationsPerRun = 20;

const monthFormats = new Map<SupportedLanguage, Intl.DateTimeFormat>();
const yearFormats = new Map<SupportedLanguage, Intl.DateTimeFormat>();
function monthLabel(language: SupportedLanguage, date: Date): string {
  let format = monthFormats.get(language);
  if (!format) monthFormats.set(language, (format = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "ja-JP", { year: "numeric", month: "long", timeZone: "Asia/Tokyo" })));
  return format.format(date);
}
function yearLabel(language: SupportedLanguage, date: Date): string {
  let format = yearFormats.get(language);
  if (!format) yearFormats.set(language, (format = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "ja-JP", { year: "numeric", timeZone: "Asia/Tokyo" })));
  return format.format(date);
}

/** "2026年10月〜2026年12月", "December 2026", "2026": the period in each language's words. */
export function periodLabel(schedule: ReportSchedule, period: ReportPeriod, language: SupportedLanguage): string {
  if (schedule === "monthly") return monthLabel(language, period.start);
  if (schedule === "yearly") return yearLabel(language, period.start);
  return translator(language, "reports")("periods.range", { from: monthLabel(language, period.start), to: monthLabel(language, new Date(period.end.getTime() - 1)) });
}

/**
 * The next period's draft of a recurring report, when its newest version is published (ADR 048): version N+1, the
 * newest published text copied for staff to bring up to date, and a note naming the period it covers, in each
 * language (publishing asks for one). Under the report's lock: a draft made meanwhile (a correction, or this job run
 * twice) is left alone and nothing is made.
 */
async function draftNextPeriod(reportId: string, db: Database): Promise<{ reportId: string; version: number } | null> {
  return db.$transaction(async (tx) => {
    const report = await lockTransparencyReport(tx, reportId);
    if (!report.schedule) return null;
    const newest = await newestReportVersion(tx, report.id);
    if (newest.status !== "published" || !newest.publishedAt) return null;
    const { period } = nextEdition(report.schedule, newest.publishedAt);
    const changeNote = Object.fromEntries(
      supportedLanguages.map((language) => [language, translator(language, "reports")("periods.nextEditionNote", { period: periodLabel(report.schedule!, period, language) })]),
    ) as ReportText;
    const version = newest.version + 1;
    const author = await tx.transparencyReport.findUniqueOrThrow({ where: { id: report.id }, select: { createdById: true } });
    await tx.transparencyReportVersion.create({
      data: {
        reportId: report.id,
        version,
        title: newest.content.title,
        sections: newest.content.sections as unknown as Prisma.InputJsonValue,
        changeNote,
        // Made by the schedule on behalf of the report's author: a draft nobody but staff sees.
        createdById: author.createdById,
      },
    });
    await recordAuditEvent(tx, { type: "transparency.report_changed", outcome: "success", detail: { reportId: report.id, version, change: "created" } }, {});
    return { reportId: report.id, version };
  });
}

/**
 * The queue's `reports.publish-due` job (ADR 048): publishes every scheduled version whose time has come, each with
 * its own snapshot and checkpoint (publishReportVersion; a version published meanwhile by a person is left as it is),
 * then makes the next period's draft for each recurring report whose newest version is published — after a
 * publication by this run, by a person, or a correction. A refused publication (text changed under it) is reported
 * and left scheduled; anything else fails the job, which the queue retries.
 */
export async function publishDueReports(now: Date = new Date(), db: Database = getDatabase()): Promise<DueReportsRun> {
  const run: DueReportsRun = { published: [], refused: [], drafted: [] };
  const due = await db.transparencyReportVersion.findMany({
    where: { status: "scheduled", publishAt: { lte: now } },
    orderBy: [{ publishAt: "asc" }, { id: "asc" }],
    take: publicationsPerRun,
    select: { reportId: true, version: true },
  });
  for (const { reportId, version } of due) {
    try {
      const result = await publishReportVersion({ reportId, version, actorUserId: null, onlyIfDue: true, now }, db);
      if (result.published) run.published.push({ reportId, version });
    } catch (error) {
      if (!isReportRefusal(error)) throw error;
      run.refused.push({ reportId, version, code: error.reason });
    }
  }
  const recurring = await db.$queryRaw<{ id: string }[]>`
    SELECT r."id" FROM "TransparencyReport" r
      JOIN LATERAL (SELECT v."status" FROM "TransparencyReportVersion" v WHERE v."reportId" = r."id" ORDER BY v."version" DESC LIMIT 1) newest ON TRUE
     WHERE r."schedule" IS NOT NULL AND newest."status" = 'published'
     ORDER BY r."createdAt", r."id"`;
  for (const { id } of recurring) {
    const drafted = await draftNextPeriod(id, db);
    if (drafted) run.drafted.push(drafted);
  }
  return run;
}
