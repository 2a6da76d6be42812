import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import type { AuditContext } from "../../audit/audit-event";
import { auditRowValues } from "../../audit/record-audit-event.server";
import { Prisma } from "../../../generated/prisma/client";
import type { FacilitySummary } from "../../facilities/facility-kinds";
import { scopeIsEmpty, type StaffScope } from "../../facilities/participant-scope";

export const ParticipantSearchSchema = z.object({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});

export interface ParticipantListRow {
  id: string;
  pseudonym: string;
  fullName: string | null;
  fullNameKana: string | null;
  dateOfBirth: string | null;
  createdAt: Date;
  consentStatus: "active" | "reconsent_required" | "withdrawn" | null;
  facility: Pick<FacilitySummary, "code" | "nameJa" | "nameEn">;
}

/**
 * A page of the list: enough to find a recent enrolment at a glance, and no more names and dates of birth than that
 * on one screen (each page is an audited read of identifiable data); older ones a page further, or by search.
 */
export const participantPageSize = 25;

export interface ParticipantListPage {
  participants: ParticipantListRow[];
  page: number;
  hasNext: boolean;
}

interface ListedRow {
  id: string;
  pseudonym: string;
  fullName: string | null;
  fullNameKana: string | null;
  dateOfBirth: string | null;
  createdAt: Date;
  consentStatus: ParticipantListRow["consentStatus"];
  code: string;
  nameJa: string;
  nameEn: string;
}

/**
 * For coordinators: participants of their own facilities (the scope, ADR 015) by pseudonym or name, newest
 * first, a page of 25 at a time. Names and dates of birth are identifiable, so every list shown is an audited read, with the number of
 * rows it revealed. A scope that reaches no facility reads nothing. One statement reads the page and writes its audit
 * row (a data-modifying WITH): the read and its record cannot part, and the list costs one round trip.
 */
export async function listParticipants(
  options: { query?: string; page?: number; scope: StaffScope; reader: AuditContext },
  db: Database = getDatabase(),
): Promise<ParticipantListPage> {
  const page = Math.max(1, Math.min(10_000, Math.floor(options.page ?? 1)));
  if (scopeIsEmpty(options.scope)) return { participants: [], page, hasNext: false };
  const query = options.query?.normalize("NFKC").trim() ?? "";
  const conditions: Prisma.Sql[] = [Prisma.sql`true`];
  // One facility (a coordinator's usual case) as an equality, so the newest-first index reads the page in order.
  const facilityIds = options.scope.kind === "facilities" ? options.scope.facilityIds : null;
  if (facilityIds?.length === 1) conditions.push(Prisma.sql`p."facilityId" = ${facilityIds[0]}::uuid`);
  else if (facilityIds) conditions.push(Prisma.sql`p."facilityId" = ANY(${[...facilityIds]}::uuid[])`);
  if (query) {
    // As Prisma's `contains` spelled it: `%` and `_` in the query stay wildcards (the search never treated them as text).
    const pattern = `%${query}%`;
    conditions.push(
      Prisma.sql`(p."pseudonym" ILIKE ${pattern} OR (i."erasedAt" IS NULL AND (i."fullName" ILIKE ${pattern} OR i."fullNameKana" ILIKE ${pattern})))`,
    );
  }
  // The audit row's detail as its schema validates it; `rows` is the count the statement itself read.
  const audit = auditRowValues(
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_list", purpose: "enrolment", rows: 0, scope: options.scope.kind } },
    { ...options.reader, subjectUserId: null },
  );
  const rows = await db.$queryRaw<(ListedRow & { sortId: string })[]>`
    WITH listed AS (
      SELECT p."id" AS "sortId", p."id"::text AS "id", p."pseudonym", p."createdAt",
             CASE WHEN i."erasedAt" IS NULL THEN i."fullName" END AS "fullName",
             CASE WHEN i."erasedAt" IS NULL THEN i."fullNameKana" END AS "fullNameKana",
             CASE WHEN i."erasedAt" IS NULL THEN to_char(i."dateOfBirth", 'YYYY-MM-DD') END AS "dateOfBirth",
             s."status"::text AS "consentStatus", f."code", f."nameJa", f."nameEn"
        FROM "Participant" p
        JOIN "Facility" f ON f."id" = p."facilityId"
        LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
        LEFT JOIN "ConsentState" s ON s."participantId" = p."id"
       WHERE ${Prisma.join(conditions, " AND ")}
       ORDER BY p."createdAt" DESC, p."id" ASC
       LIMIT ${participantPageSize + 1} OFFSET ${(page - 1) * participantPageSize}
    ), audited AS (
      INSERT INTO "AuditEvent" ("type", "outcome", "detail", "actorUserId", "subjectUserId", "ipAddress", "userAgent")
      SELECT ${audit.type}, ${audit.outcome}, jsonb_set(${JSON.stringify(audit.detail)}::jsonb, '{rows}', to_jsonb(least(count(*), ${participantPageSize})::int)),
             ${audit.actorUserId}::uuid, ${audit.subjectUserId}::uuid, ${audit.ipAddress}, ${audit.userAgent}
        FROM listed
    )
    SELECT * FROM listed ORDER BY "createdAt" DESC, "sortId" ASC`;
  // One facility object per facility: the page's data carries each once, however many of its participants it lists.
  const facilities = new Map<string, ParticipantListRow["facility"]>();
  // One row past the page says whether there is a next page; it is not shown, so the audit row does not count it.
  const participants = rows.slice(0, participantPageSize).map((row) => {
    let facility = facilities.get(row.code);
    if (!facility) {
      facility = { code: row.code, nameJa: row.nameJa, nameEn: row.nameEn };
      facilities.set(row.code, facility);
    }
    return {
      id: row.id,
      pseudonym: row.pseudonym,
      fullName: row.fullName,
      fullNameKana: row.fullNameKana,
      dateOfBirth: row.dateOfBirth,
      createdAt: row.createdAt,
      consentStatus: row.consentStatus,
      facility,
    };
  });
  return { participants, page, hasNext: rows.length > participantPageSize };
}
