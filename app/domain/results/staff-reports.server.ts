import { findingsCategories, type FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { getDatabase, type Database } from "../../db.server";
import { loadStaffAccess } from "../facilities/index.server";
import { AppError, uuidPattern } from "../kernel/index";
import { readReportRecords, type ReportRecord } from "./read-report-rows.server";
import type { ReportContent } from "./report-submission";
import { plainReportOf, secondaryCategoriesShown, type PlainReport } from "./report-view";

/** One line of the list of reports waiting to be explained: nothing of the content but its area. */
export interface ReportToExplain {
  reportId: string;
  pseudonym: string;
  area: ReportContent["area"];
  version: number;
  /** A version after one already explained: an amendment to explain again. */
  amended: boolean;
  submittedAt: Date;
}

async function facilityScope(userId: string, db: Database): Promise<readonly string[] | "all"> {
  const { scope } = await loadStaffAccess(userId, db);
  return scope.kind === "all" ? "all" : scope.facilityIds;
}

/**
 * The reports at the counsellor's facilities whose latest version has not been explained yet (issue 57 item 2), the
 * oldest submitted first: each is sealed from its participant until someone records the conversation.
 */
export async function listReportsToExplain(options: { userId: string }, db: Database = getDatabase()): Promise<ReportToExplain[]> {
  const facilityIds = await facilityScope(options.userId, db);
  if (facilityIds !== "all" && facilityIds.length === 0) return [];
  const records = await readReportRecords(db, { facilityIds, unexplainedOnly: true });
  return records
    .map((record) => {
      const latest = record.versions.at(-1)!;
      return {
        reportId: record.reportId,
        pseudonym: record.pseudonym,
        area: latest.content.area,
        version: latest.version,
        amended: record.versions.some((version) => version.explanation !== null),
        submittedAt: latest.submittedAt,
      };
    })
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}

export interface StaffReportView {
  reportId: string;
  pseudonym: string;
  latestVersion: number;
  submittedAt: Date;
  /** The latest version as the participant would read it once explained: secondary findings only where they may be told. */
  plain: PlainReport;
  /** Every version, newest first, with its explanation if recorded. */
  versions: { version: number; submittedAt: Date; explainedOn: string | null; mode: string | null; explainedBy: string | null }[];
  /** Whether the latest version may be recorded as explained now (not yet explained). */
  awaitingExplanation: boolean;
  /** The secondary categories the participant may not be told: named on the page, so nobody brings them up. */
  categoriesNotToMention: FindingsCategory[];
}

export async function recordInScope(userId: string, reportId: string, db: Database): Promise<ReportRecord> {
  if (!uuidPattern.test(reportId)) throw new AppError("not_found");
  const facilityIds = await facilityScope(userId, db);
  const [record] = facilityIds !== "all" && facilityIds.length === 0 ? [] : await readReportRecords(db, { reportIds: [reportId], facilityIds });
  if (!record) throw new AppError("not_found");
  return record;
}

/**
 * One report for a counsellor at the participant's facility (ADR 137): the latest version in the words
 * the participant will read, with secondary findings filtered by the participant's consent exactly as their own page
 * filters them, and the versions with their explanations. Another facility's report is "not found". Pseudonymous, as a
 * counselling case is (ADR 034): the page is not audited; recording an explanation is.
 */
export async function loadReportForStaff(options: { userId: string; reportId: string }, db: Database = getDatabase()): Promise<StaffReportView> {
  const record = await recordInScope(options.userId, options.reportId, db);
  const latest = record.versions.at(-1)!;
  const explainers = [...new Set(record.versions.flatMap((version) => (version.explanation ? [version.explanation.explainedByUserId] : [])))];
  const names = new Map((await db.user.findMany({ where: { id: { in: explainers } }, select: { id: true, displayName: true } })).map((user) => [user.id, user.displayName]));
  const shown = secondaryCategoriesShown(record.consent);
  return {
    reportId: record.reportId,
    pseudonym: record.pseudonym,
    latestVersion: latest.version,
    submittedAt: latest.submittedAt,
    plain: plainReportOf(latest.content, record.consent),
    versions: [...record.versions].reverse().map((version) => ({
      version: version.version,
      submittedAt: version.submittedAt,
      explainedOn: version.explanation?.explainedOn ?? null,
      mode: version.explanation?.mode ?? null,
      explainedBy: version.explanation ? (names.get(version.explanation.explainedByUserId) ?? null) : null,
    })),
    awaitingExplanation: latest.explanation === null,
    categoriesNotToMention: findingsCategories.filter((category) => !shown.includes(category)),
  };
}
