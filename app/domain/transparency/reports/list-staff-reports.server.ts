import { getDatabase, type Database } from "../../../db.server";
import type { ReportSchedule } from "./report-content";

export interface StaffReportListItem {
  id: string;
  slug: string;
  schedule: ReportSchedule | null;
  /** The newest version's Japanese title (staff work in Japanese first); "" while not written. */
  title: string;
  /** The newest published version, or null before the first publication. */
  publishedVersion: number | null;
  /** The version being written or waiting for its time, if any. */
  working: { version: number; status: "draft" | "scheduled"; publishAt: Date | null } | null;
  createdAt: Date;
}

/** Every report for ELSI staff, newest first (ADR 048): what is published, and what is being written or scheduled. */
export async function listStaffReports(db: Database = getDatabase()): Promise<StaffReportListItem[]> {
  const rows = await db.$queryRaw<
    { id: string; slug: string; schedule: ReportSchedule | null; title: string | null; publishedVersion: number | null; newestVersion: number; newestStatus: "draft" | "scheduled" | "published"; newestPublishAt: Date | null; createdAt: Date }[]
  >`
    SELECT r."id", r."slug", r."schedule"::text AS "schedule", r."createdAt", newest."title" ->> 'ja' AS "title",
           newest."version" AS "newestVersion", newest."status"::text AS "newestStatus", newest."publishAt" AS "newestPublishAt",
           (SELECT MAX(p."version") FROM "TransparencyReportVersion" p WHERE p."reportId" = r."id" AND p."status" = 'published') AS "publishedVersion"
      FROM "TransparencyReport" r
      JOIN LATERAL (SELECT v."title", v."version", v."status", v."publishAt" FROM "TransparencyReportVersion" v
                     WHERE v."reportId" = r."id" ORDER BY v."version" DESC LIMIT 1) newest ON TRUE
     ORDER BY r."createdAt" DESC, r."id"
     LIMIT 500`;
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    schedule: row.schedule,
    title: row.title ?? "",
    publishedVersion: row.publishedVersion,
    working: row.newestStatus === "published" ? null : { version: row.newestVersion, status: row.newestStatus, publishAt: row.newestPublishAt },
    createdAt: row.createdAt,
  }));
}
