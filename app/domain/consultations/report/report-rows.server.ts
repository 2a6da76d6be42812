import type { Transaction } from "../../../db.server";
import type { LocalizedText } from "../consultation-model";
import type { QuotationRef, ReportDocument } from "../consultation-report";

export interface ReportVersionRow {
  id: string;
  consultationId: string;
  version: number;
  status: "draft" | "published";
  summary: LocalizedText;
  themeTexts: Record<string, LocalizedText>;
  quotations: QuotationRef[];
  changeNote: LocalizedText | null;
  document: ReportDocument | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

/** A stored version read into its shapes (the JSON columns are written only through consultation-report.ts's schemas). */
export function reportVersionOf(row: {
  id: string;
  consultationId: string;
  version: number;
  status: string;
  summary: unknown;
  themeTexts: unknown;
  quotations: unknown;
  changeNote: unknown;
  document: unknown;
  publishedAt: Date | null;
  updatedAt: Date;
}): ReportVersionRow {
  return {
    id: row.id,
    consultationId: row.consultationId,
    version: row.version,
    status: row.status === "published" ? "published" : "draft",
    summary: row.summary as LocalizedText,
    themeTexts: (row.themeTexts ?? {}) as Record<string, LocalizedText>,
    quotations: (row.quotations ?? []) as QuotationRef[],
    changeNote: (row.changeNote ?? null) as LocalizedText | null,
    document: (row.document ?? null) as ReportDocument | null,
    publishedAt: row.publishedAt,
    updatedAt: row.updatedAt,
  };
}

/** The consultation's newest report version (the draft being written, or the last published), if any. */
export async function newestReportVersion(tx: Transaction, consultationId: string): Promise<ReportVersionRow | undefined> {
  const row = await tx.consultationReportVersion.findFirst({ where: { consultationId }, orderBy: { version: "desc" } });
  return row ? reportVersionOf(row) : undefined;
}
