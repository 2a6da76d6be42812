import type { Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { uuidPattern } from "../../kernel/index";
import { storedReportContent, type ReportContent, type ReportSchedule } from "./report-content";

export interface LockedReport {
  id: string;
  slug: string;
  schedule: ReportSchedule | null;
}

export interface ReportVersionRow {
  id: string;
  version: number;
  status: "draft" | "scheduled" | "published";
  content: ReportContent;
  publishAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

export function isReportId(value: string): boolean {
  return uuidPattern.test(value);
}

/**
 * The report's row, locked for the rest of the transaction (ADR 048): every verb that writes a version decides on
 * what it reads under this lock, so two staff saving, scheduling, publishing or correcting at once act one after the
 * other on what the first left. An id that is not a uuid is `not_found`, like one that does not exist.
 */
export async function lockTransparencyReport(tx: Transaction, reportId: string): Promise<LockedReport> {
  if (!isReportId(reportId)) throw new AppError("not_found");
  const [row] = await tx.$queryRaw<LockedReport[]>`
    SELECT "id", "slug", "schedule"::text AS "schedule" FROM "TransparencyReport" WHERE "id" = ${reportId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found");
  return row;
}

/** The report's newest version (under the report's lock, it stays the newest until commit). */
export async function newestReportVersion(tx: Transaction, reportId: string): Promise<ReportVersionRow> {
  const row = await tx.transparencyReportVersion.findFirstOrThrow({ where: { reportId }, orderBy: { version: "desc" } });
  return versionRowOf(row);
}

export function versionRowOf(row: {
  id: string;
  version: number;
  status: "draft" | "scheduled" | "published";
  title: unknown;
  sections: unknown;
  changeNote: unknown;
  publishAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
}): ReportVersionRow {
  return { id: row.id, version: row.version, status: row.status, content: storedReportContent(row), publishAt: row.publishAt, publishedAt: row.publishedAt, updatedAt: row.updatedAt };
}
