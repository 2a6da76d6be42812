import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import type { AuditContext } from "../../audit/audit-event";
import { recordAuditEvent } from "../../audit/record-audit-event.server";

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
}

const pageSize = 100;

/**
 * For coordinators: participants by pseudonym or name, newest first. Names and dates of birth are
 * identifiable, so every list shown is an audited read, with the number of rows it revealed.
 */
export async function listParticipants(options: { query?: string; reader: AuditContext }, db: Database = getDatabase()): Promise<ParticipantListRow[]> {
  const query = options.query?.normalize("NFKC").trim() ?? "";
  const where = query
    ? {
        OR: [
          { pseudonym: { contains: query, mode: "insensitive" as const } },
          { identity: { is: { erasedAt: null, fullName: { contains: query, mode: "insensitive" as const } } } },
          { identity: { is: { erasedAt: null, fullNameKana: { contains: query, mode: "insensitive" as const } } } },
        ],
      }
    : {};
  const rows = await db.participant.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: pageSize,
    include: { identity: true, state: { select: { status: true } } },
  });
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_list", purpose: "enrolment", rows: rows.length } },
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
    };
  });
}
