import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { accountCapacity, capacitiesOfRoles, consultationStatus, type ConsultationAudience, type ConsultationStatus, type ConsultationViewer } from "./consultation-model";
import { responderFor, responderKeyOf } from "./responder-for.server";

export type { ConsultationViewer } from "./consultation-model";

export interface ListedConsultation {
  id: string;
  title: string;
  audiences: ConsultationAudience[];
  status: Exclude<ConsultationStatus, "draft">;
  opensAt: Date;
  closesAt: Date;
  /** Open now and asking this viewer (their capacity, or the public). */
  answerable: boolean;
  /** The capacity it asks this account in (participants, families, the panel); undefined when it asks them only as the public. */
  askedAs: ConsultationAudience | undefined;
  /** This viewer (their account, or for the public their browser's token) has a live response to it. */
  answered: boolean;
  /** The newest published version of its "you said, we did" report (ADR 063), if any. */
  reportVersion: number | null;
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
  input: { viewer: ConsultationViewer | null; language: SupportedLanguage; browserToken?: string | null; now?: Date },
  db: Database = getDatabase(),
): Promise<ListedConsultation[]> {
  const now = input.now ?? new Date();
  const candidates = await db.consultation.findMany({
    where: { publishedAt: { not: null }, audiences: { hasSome: visibleAudiences(input.viewer) } },
    orderBy: [{ opensAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      audiences: true,
      allowsProxy: true,
      publishedAt: true,
      opensAt: true,
      closesAt: true,
      reportVersions: { where: { status: "published" }, orderBy: { version: "desc" }, take: 1, select: { version: true } },
    },
  });
  // Only what this viewer's page would show: a proxy's participants-only consultation that allows no proxies is not theirs.
  const rows = candidates.filter((row) => responderFor(input.viewer, row, input.browserToken ?? null) !== undefined);
  // Whether this viewer answered each: the responder key each consultation's page would use (their account's, or their
  // browser token's when they answer as the public), looked up in one query. Nothing is stored for asking.
  const keys = rows.flatMap((row) => {
    const responder = responderFor(input.viewer, row, input.browserToken ?? null)?.responder;
    return responder ? [{ consultationId: row.id, responderKey: responderKeyOf(row.id, responder) }] : [];
  });
  const answered = new Set(
    keys.length === 0
      ? []
      : (await db.consultationResponse.findMany({ where: { OR: keys, withdrawnAt: null }, select: { consultationId: true } })).map((response) => response.consultationId),
  );
  return rows.map((row) => {
    const status = consultationStatus(row, now) as Exclude<ConsultationStatus, "draft">;
    return {
      id: row.id,
      title: textIn(row.title, input.language),
      audiences: row.audiences,
      status,
      opensAt: row.opensAt,
      closesAt: row.closesAt,
      answerable: status === "open",
      askedAs: input.viewer ? accountCapacity(input.viewer.roles, row) : undefined,
      answered: answered.has(row.id),
      reportVersion: row.reportVersions[0]?.version ?? null,
    };
  });
}

/** A stored `{ ja, "ja-easy", en }` text in one language (published ones have all three). */
export function textIn(stored: unknown, language: SupportedLanguage): string {
  const value = (stored as Partial<Record<SupportedLanguage, unknown>> | null)?.[language];
  return typeof value === "string" ? value : "";
}
