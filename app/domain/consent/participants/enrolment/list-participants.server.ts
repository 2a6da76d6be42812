import { z } from "zod";
import { readRows, type Database, type NamedStatement } from "../../../../db.server";
import type { AuditContext } from "../../../kernel/index";
import { auditRowValues } from "../../../kernel/index.server";
import { type FacilitySummary, scopeIsEmpty, type StaffScope } from "../../../facilities";

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
 * The list as named statements on the plain pool (ADR 080, 084), one per shape: all facilities, one (an equality, so
 * the newest-first index reads the page in order), or several; browsing or searching. The page's size is in the text,
 * so the generic plan is costed for 26 rows and reads them by the index and nested loops; the offset, the audit row's
 * values, the facilities and the pattern are parameters. One statement reads the page and writes its audit row (a
 * data-modifying WITH): the read and its record cannot part.
 */
function listStatement(facilities: "all" | "one" | "many", search: boolean): NamedStatement {
  const conditions = ["true"];
  let next = 9;
  if (facilities === "one") conditions.push(`p."facilityId" = $${next++}::uuid`);
  if (facilities === "many") conditions.push(`p."facilityId" = ANY($${next++}::uuid[])`);
  if (search) {
    const pattern = `$${next++}::text`;
    conditions.push(`(p."pseudonym" ILIKE ${pattern} OR (i."erasedAt" IS NULL AND (i."fullName" ILIKE ${pattern} OR i."fullNameKana" ILIKE ${pattern})))`);
  }
  return {
    name: `tsunagi-participant-list-${facilities}-${search ? "search" : "browse"}`,
    text: `WITH listed AS (
      SELECT p."id" AS "sortId", p."id"::text AS "id", p."pseudonym", p."createdAt",
             CASE WHEN i."erasedAt" IS NULL THEN i."fullName" END AS "fullName",
             CASE WHEN i."erasedAt" IS NULL THEN i."fullNameKana" END AS "fullNameKana",
             CASE WHEN i."erasedAt" IS NULL THEN to_char(i."dateOfBirth", 'YYYY-MM-DD') END AS "dateOfBirth",
             s."status"::text AS "consentStatus", f."code", f."nameJa", f."nameEn"
        FROM "Participant" p
        JOIN "Facility" f ON f."id" = p."facilityId"
        LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
        LEFT JOIN "ConsentState" s ON s."participantId" = p."id"
       WHERE ${conditions.join(" AND ")}
       ORDER BY p."createdAt" DESC, p."id" ASC
       LIMIT ${participantPageSize + 1} OFFSET $1::int
    ), audited AS (
      INSERT INTO "AuditEvent" ("type", "outcome", "detail", "actorUserId", "subjectUserId", "ipAddress", "userAgent")
      SELECT $2, $3, jsonb_set($4::jsonb, '{rows}', to_jsonb(least(count(*), ${participantPageSize})::int)), $5::uuid, $6::uuid, $7, $8
        FROM listed
    )
    SELECT * FROM listed ORDER BY "createdAt" DESC, "sortId" ASC`,
  };
}

const listStatements = {
  all: { browse: listStatement("all", false), search: listStatement("all", true) },
  one: { browse: listStatement("one", false), search: listStatement("one", true) },
  many: { browse: listStatement("many", false), search: listStatement("many", true) },
};

/**
 * For coordinators: participants of their own facilities (the scope, ADR 015) by pseudonym or name, newest
 * first, a page of 25 at a time. Names and dates of birth are identifiable, so every list shown is an audited read, with the number of
 * rows it revealed. A scope that reaches no facility reads nothing. One round trip.
 */
export async function listParticipants(
  options: { query?: string; page?: number; scope: StaffScope; reader: AuditContext },
  db?: Database,
): Promise<ParticipantListPage> {
  const page = Math.max(1, Math.min(10_000, Math.floor(options.page ?? 1)));
  if (scopeIsEmpty(options.scope)) return { participants: [], page, hasNext: false };
  const query = options.query?.normalize("NFKC").trim() ?? "";
  const facilityIds = options.scope.kind === "facilities" ? options.scope.facilityIds : null;
  // The audit row's detail as its schema validates it; `rows` is the count the statement itself read.
  const audit = auditRowValues(
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_list", purpose: "enrolment", rows: 0, scope: options.scope.kind } },
    { ...options.reader, subjectUserId: null },
  );
  const shape = !facilityIds ? "all" : facilityIds.length === 1 ? "one" : "many";
  const values: unknown[] = [(page - 1) * participantPageSize, audit.type, audit.outcome, JSON.stringify(audit.detail), audit.actorUserId, audit.subjectUserId, audit.ipAddress, audit.userAgent];
  if (facilityIds) values.push(facilityIds.length === 1 ? facilityIds[0] : [...facilityIds]);
  // As Prisma's `contains` spelled it: `%` and `_` in the query stay wildcards (the search never treated them as text).
  if (query) values.push(`%${query}%`);
  const rows = await readRows<ListedRow & { sortId: string }>(listStatements[shape][query ? "search" : "browse"], values, db);
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
