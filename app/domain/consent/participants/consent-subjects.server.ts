import { readRows, type Database, type NamedStatement, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";

export interface ConsentSubject {
  participantId: string;
  pseudonym: string;
  /** The participant's name, for "you are acting for …" lines; only ever shown to them or their proxy. */
  fullName: string;
  dateOfBirth: Date;
  as: "self" | "proxy";
  proxyAssignmentId: string | null;
  relationship: string | null;
}

export interface SubjectRow {
  participantId: string;
  pseudonym: string;
  fullName: string;
  dateOfBirth: Date;
  proxyAssignmentId: string | null;
  relationship: string | null;
}

/**
 * Everyone user $1 may act for, one row each with the columns of SubjectRow and the keys they are ordered by ("rank",
 * "startedAt", "assignment"): a relation other reads build on (readSubjectsWithFacts), defined once here.
 */
export const subjectsOfUserSql = `
      SELECT p."id"::text AS "participantId", p."pseudonym", i."fullName", i."dateOfBirth", NULL::text AS "proxyAssignmentId",
             NULL::text AS "relationship", 0 AS "rank", NULL::timestamptz AS "startedAt", NULL::uuid AS "assignment"
        FROM "Participant" p JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
       WHERE p."userId" = $1::uuid
      UNION ALL
      SELECT p."id"::text, p."pseudonym", i."fullName", i."dateOfBirth", a."id"::text, a."relationship"::text, 1, a."startedAt", a."id"
        FROM "ProxyAssignment" a
        JOIN "Participant" p ON p."id" = a."participantId"
        JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
       WHERE a."proxyUserId" = $1::uuid AND a."endedAt" IS NULL`;

/** Their own record first, then their current proxy assignments, oldest first. */
export const subjectsOrder = `"rank", "startedAt", "assignment"`;

const subjectsStatement: NamedStatement = {
  name: "tsunagi-consent-subjects",
  text: `SELECT "participantId", "pseudonym", "fullName", "dateOfBirth", "proxyAssignmentId", "relationship" FROM (${subjectsOfUserSql}) subjects ORDER BY ${subjectsOrder}`,
};

/**
 * The participants a signed-in person may act for: themselves, and anyone they are a current proxy for.
 * A proxy's authority ends when the assignment ends (e.g. the child consented at 18), and with it this access.
 * One statement (every consent page asks it on every request), on the plain pool unless a client is given: their own
 * record first, then their current proxy assignments, oldest first; a participant without an identity row is nobody
 * anyone acts for.
 */
export async function consentSubjectsOf(userId: string, db?: Database | Transaction): Promise<ConsentSubject[]> {
  const rows = await readRows<SubjectRow>(subjectsStatement, [userId], db);
  return rows.map(subjectOfRow);
}

/** A row of subjectsStatement as the pages use it. */
export function subjectOfRow(row: SubjectRow): ConsentSubject {
  return {
    participantId: row.participantId,
    pseudonym: row.pseudonym,
    fullName: row.fullName,
    dateOfBirth: row.dateOfBirth,
    as: row.proxyAssignmentId === null ? "self" : "proxy",
    proxyAssignmentId: row.proxyAssignmentId,
    relationship: row.relationship,
  };
}

/** One subject by participant id, or `forbidden` when this person may not act for them. */
export async function requireConsentSubject(userId: string, participantId: string | null | undefined, db?: Database | Transaction): Promise<ConsentSubject> {
  const subjects = await consentSubjectsOf(userId, db);
  const subject = participantId ? subjects.find((candidate) => candidate.participantId === participantId) : subjects[0];
  if (!subject) throw new AppError("forbidden");
  return subject;
}
