import { readRows, type Database, type NamedStatement } from "../../db.server";
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

/** A published consultation as the list reads it: what the page shows and what the viewer's capacity is decided on. */
interface CandidateRow {
  id: string;
  title: unknown;
  audiences: ConsultationAudience[];
  allowsProxy: boolean;
  publishedAt: Date | null;
  opensAt: Date;
  closesAt: Date;
  reportVersion: number | null;
}

/** Published, asking one of the given audiences; newest opening first; with its newest published report's version. */
const candidatesStatement: NamedStatement = {
  name: "tsunagi-consultation-candidates",
  text: `SELECT c."id"::text AS "id", c."title", c."audiences"::text[] AS "audiences", c."allowsProxy", c."publishedAt", c."opensAt", c."closesAt",
         (SELECT max(v."version") FROM "ConsultationReportVersion" v WHERE v."consultationId" = c."id" AND v."status" = 'published')::int AS "reportVersion"
    FROM "Consultation" c
   WHERE c."publishedAt" IS NOT NULL AND c."audiences" && $1::text[]::"ConsultationAudience"[]
   ORDER BY c."opensAt" DESC, c."id" ASC`,
};

/** Which of the given (consultation, responder key) pairs have a live response. */
const answeredStatement: NamedStatement = {
  name: "tsunagi-consultation-answered",
  text: `SELECT r."consultationId"::text AS "consultationId" FROM "ConsultationResponse" r
    JOIN unnest($1::uuid[], $2::text[]) AS k("consultationId", "responderKey") ON k."consultationId" = r."consultationId" AND k."responderKey" = r."responderKey"
   WHERE r."withdrawnAt" IS NULL`,
};

/**
 * The published consultations a viewer may see (ADR 059): those asking the public, for everyone; those asking a
 * capacity of the signed-in account (participants, families, the panel), for it. Newest opening first; drafts never.
 * Two named statements on the plain pool (on /updates and /home for every reader), or in the given client.
 */
export async function listConsultations(
  input: { viewer: ConsultationViewer | null; language: SupportedLanguage; browserToken?: string | null; now?: Date },
  db?: Database,
): Promise<ListedConsultation[]> {
  const now = input.now ?? new Date();
  const candidates = await readRows<CandidateRow>(candidatesStatement, [visibleAudiences(input.viewer)], db);
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
      : (
          await readRows<{ consultationId: string }>(
            answeredStatement,
            [keys.map((key) => key.consultationId), keys.map((key) => key.responderKey)],
            db,
          )
        ).map((response) => response.consultationId),
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
      reportVersion: row.reportVersion,
    };
  });
}

/** A stored `{ ja, "ja-easy", en }` text in one language (published ones have all three). */
export function textIn(stored: unknown, language: SupportedLanguage): string {
  const value = (stored as Partial<Record<SupportedLanguage, unknown>> | null)?.[language];
  return typeof value === "string" ? value : "";
}
