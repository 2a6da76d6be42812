import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { consultationStatus } from "./consultation-model";
import { textIn } from "./list-consultations.server";

export interface OpenedConsultationEntry {
  id: string;
  title: string;
  /** Markdown, as the consultation's page shows it. */
  summary: string;
  opensAt: Date;
  closesAt: Date;
  status: "open" | "closed";
}

/**
 * The consultations asking the public that have opened, newest opening first (issue 28 item 1): what the public
 * updates feed and the transparency page announce. Derived from the consultations themselves, so nothing is written
 * twice and a scheduled one appears on its own when it opens. Drafts and consultations asking only accounts never.
 */
export async function listOpenedPublicConsultations(
  input: { language: SupportedLanguage; now?: Date; limit?: number },
  db: Database = getDatabase(),
): Promise<OpenedConsultationEntry[]> {
  const now = input.now ?? new Date();
  const rows = await db.consultation.findMany({
    where: { publishedAt: { not: null, lte: now }, opensAt: { lte: now }, audiences: { has: "public" } },
    orderBy: [{ opensAt: "desc" }, { id: "asc" }],
    take: Math.min(100, input.limit ?? 50),
    select: { id: true, title: true, summary: true, publishedAt: true, opensAt: true, closesAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    title: textIn(row.title, input.language),
    summary: textIn(row.summary, input.language),
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    status: consultationStatus(row, now) === "open" ? "open" : "closed",
  }));
}
