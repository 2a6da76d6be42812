import { getDatabase, type Database } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import type { ReportDocument } from "../consultation-report";

export interface PublishedReportEntry {
  consultationId: string;
  version: number;
  title: string;
  /** Markdown, as the report's page shows it. */
  summary: string;
  publishedAt: Date;
}

/**
 * Every published version of every consultation's report, newest first (issue 28 items 1 and 5; ADR 063): what the
 * public updates feed and the transparency page announce when a consultation reports. Read from the versions' frozen
 * documents, so an entry says what the version said.
 */
export async function listPublishedReports(input: { language: SupportedLanguage; limit?: number }, db: Database = getDatabase()): Promise<PublishedReportEntry[]> {
  const rows = await db.consultationReportVersion.findMany({
    where: { status: "published" },
    orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
    take: Math.min(100, input.limit ?? 50),
    select: { consultationId: true, version: true, document: true, publishedAt: true },
  });
  return rows.map((row) => {
    const document = row.document as unknown as ReportDocument;
    return { consultationId: row.consultationId, version: row.version, title: document.title[input.language], summary: document.summary[input.language], publishedAt: row.publishedAt! };
  });
}
