import { getDatabase, type Database } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";

export const publicReportsPageSize = 20;
/** Pages past this are refused as out of range (400), not looked up: a crawler cannot make the server count forever. */
export const publicReportsMaxPage = 1_000;

export interface PublicReportItem {
  slug: string;
  title: string;
  /** The newest published version, and when it was published. */
  version: number;
  publishedAt: Date;
  /** When the report first appeared (its version 1). */
  firstPublishedAt: Date;
}

export interface PublicReportPage {
  items: PublicReportItem[];
  page: number;
  hasNext: boolean;
}

/**
 * The published reports, newest publication first, in one language (ADR 048): each with its newest published version.
 * Drafts and scheduled versions are nobody's business until they are published. One statement, a page at a time.
 */
export async function listPublicReports(options: { language: SupportedLanguage; page: number }, db: Database = getDatabase()): Promise<PublicReportPage> {
  const page = Math.max(1, Math.min(publicReportsMaxPage, Math.trunc(options.page)));
  const rows = await db.$queryRaw<PublicReportItem[]>`
    SELECT r."slug", newest."title" ->> ${options.language} AS "title", newest."version", newest."publishedAt", first."publishedAt" AS "firstPublishedAt"
      FROM "TransparencyReport" r
      JOIN LATERAL (SELECT v."title", v."version", v."publishedAt" FROM "TransparencyReportVersion" v
                     WHERE v."reportId" = r."id" AND v."status" = 'published' ORDER BY v."version" DESC LIMIT 1) newest ON TRUE
      JOIN LATERAL (SELECT v."publishedAt" FROM "TransparencyReportVersion" v
                     WHERE v."reportId" = r."id" AND v."status" = 'published' ORDER BY v."version" ASC LIMIT 1) first ON TRUE
     ORDER BY newest."publishedAt" DESC, r."slug"
     LIMIT ${publicReportsPageSize + 1} OFFSET ${(page - 1) * publicReportsPageSize}`;
  return { items: rows.slice(0, publicReportsPageSize), page, hasNext: rows.length > publicReportsPageSize };
}

export interface ReportFeedEntry {
  slug: string;
  version: number;
  title: string;
  changeNote: string | null;
  headings: string[];
  publishedAt: Date;
}

/** Every published version, newest first, for the Atom feed: a correction or a new period's edition is news too. */
export async function listReportFeedEntries(options: { language: SupportedLanguage; limit?: number }, db: Database = getDatabase()): Promise<ReportFeedEntry[]> {
  const rows = await db.$queryRaw<{ slug: string; version: number; title: string; changeNote: string | null; headings: string[] | null; publishedAt: Date }[]>`
    SELECT r."slug", v."version", v."title" ->> ${options.language} AS "title", v."changeNote" ->> ${options.language} AS "changeNote",
           ARRAY(SELECT s -> 'heading' ->> ${options.language} FROM jsonb_array_elements(v."sections") s) AS "headings", v."publishedAt"
      FROM "TransparencyReportVersion" v JOIN "TransparencyReport" r ON r."id" = v."reportId"
     WHERE v."status" = 'published'
     ORDER BY v."publishedAt" DESC, v."id"
     LIMIT ${Math.min(100, options.limit ?? 50)}`;
  return rows.map((row) => ({ ...row, headings: row.headings ?? [] }));
}
