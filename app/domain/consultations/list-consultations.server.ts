import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { capacitiesOfRoles, consultationStatus, type ConsultationAudience, type ConsultationStatus } from "./consultation-model";

/** Who is looking: the roles of a signed-in account, or none for the public (signed out, or short of a second factor). */
export interface ConsultationViewer {
  userId: string;
  roles: readonly string[];
}

export interface ListedConsultation {
  id: string;
  title: string;
  audiences: ConsultationAudience[];
  status: Exclude<ConsultationStatus, "draft">;
  opensAt: Date;
  closesAt: Date;
  /** Open now and asking this viewer (their capacity, or the public). */
  answerable: boolean;
}

/** The audiences a viewer may see consultations of: the public's, and each capacity their roles give. */
export function visibleAudiences(viewer: ConsultationViewer | null): ConsultationAudience[] {
  return ["public", ...capacitiesOfRoles(viewer?.roles ?? [])];
}

/**
 * The published consultations a viewer may see (ADR 059): those asking the public, for everyone; those asking a
 * capacity of the signed-in account (participants, families, the panel), for it. Newest opening first; drafts never.
 */
export async function listConsultations(
  input: { viewer: ConsultationViewer | null; language: SupportedLanguage; now?: Date },
  db: Database = getDatabase(),
): Promise<ListedConsultation[]> {
  const now = input.now ?? new Date();
  const rows = await db.consultation.findMany({
    where: { publishedAt: { not: null }, audiences: { hasSome: visibleAudiences(input.viewer) } },
    orderBy: [{ opensAt: "desc" }, { id: "asc" }],
    select: { id: true, title: true, audiences: true, publishedAt: true, opensAt: true, closesAt: true },
  });
  return rows.map((row) => {
    const status = consultationStatus(row, now) as Exclude<ConsultationStatus, "draft">;
    return { id: row.id, title: textIn(row.title, input.language), audiences: row.audiences, status, opensAt: row.opensAt, closesAt: row.closesAt, answerable: status === "open" };
  });
}

/** A stored `{ ja, "ja-easy", en }` text in one language (published ones have all three). */
export function textIn(stored: unknown, language: SupportedLanguage): string {
  const value = (stored as Partial<Record<SupportedLanguage, unknown>> | null)?.[language];
  return typeof value === "string" ? value : "";
}
