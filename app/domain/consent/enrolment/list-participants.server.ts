import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import type { AuditContext } from "../../audit/audit-event";
import { recordAuditEvent } from "../../audit/record-audit-event.server";
import type { FacilitySummary } from "../../facilities/facility-kinds";
import { participantsIn, scopeIsEmpty, type StaffScope } from "../../facilities/participant-scope";

export const ParticipantSearchSchema = z.object({ q: z.string().trim().max(100).optional() });

export interface ParticipantListRow {
  id: string;
  pseudonym: string;
  fullName: string | null;
  fullNameKana: string | null;
  dateOfBirth: string | null;
  createdAt: Date;
  consentStatus: "active" | "reconsent_required" | "withdrawn" | null;
  hasAccount: boolean;
  facility: Pick<FacilitySummary, "code" | "nameJa" | "nameEn">;
}

const pageSize = 100;

/**
 * For coordinators: participants of their own facilities (the scope, ADR 015) by pseudonym or name, newest
 * first. Names and dates of birth are identifiable, so every list shown is an audited read, with the number of
 * rows it revealed. A scope that reaches no facility reads nothing.
 */
export async function listParticipants(options: { query?: string; scope: StaffScope; reader: AuditContext }, db: Database = getDatabase()): Promise<ParticipantListRow[]> {
  if (scopeIsEmpty(options.scope)) return [];
  const query = options.query?.normalize("NFKC").trim() ?? "";
  const matching = query
    ? {
        OR: [
          { pseudonym: { contains: query, mode: "insensitive" as const } },
          { identity: { is: { erasedAt: null, fullName: { contains: query, mode: "insensitive" as const } } } },
          { identity: { is: { erasedAt: null, fullNameKana: { contains: query, mode: "insensitive" as const } } } },
        ],
      }
    : {};
  const rows = await db.participant.findMany({
    where: { AND: [participantsIn(options.scope), matching] },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: pageSize,
    include: { identity: true, state: { select: { status: true } }, facility: { select: { code: true, nameJa: true, nameEn: true } } },
  });
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_list", purpose: "enrolment", rows: rows.length, scope: options.scope.kind } },
    { ...options.reader, subjectUserId: null },
  );
  return rows.map((row) => {
    const identity = row.identity && !row.identity.erasedAt ? row.identity : null;
    return {
      id: row.id,
      pseudonym: row.pseudonym,
      fullName: identity?.fullName ?? null,
      fullNameKana: identity?.fullNameKana ?? null,
      dateOfBirth: identity?.dateOfBirth.toISOString().slice(0, 10) ?? null,
      createdAt: row.createdAt,
      consentStatus: row.state?.status ?? null,
      hasAccount: row.userId !== null,
      facility: row.facility,
    };
  });
}
