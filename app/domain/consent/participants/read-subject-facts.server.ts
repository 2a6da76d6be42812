import { readRows, type Database, type NamedStatement, type Transaction } from "../../../db.server";
import type { ConsentStateRow } from "../ledger/ledger-rows";
import { subjectOfRow, subjectsOfUserSql, subjectsOrder, type ConsentSubject, type SubjectRow } from "./consent-subjects.server";

/** What a participant's own pages (home, the consent page) need to know of one person they act for, read together. */
export interface SubjectFacts {
  participantId: string;
  /** Their consent as the ledger last left it; null if they never consented. */
  consent: ConsentStateRow | null;
  /** Programme requests sent and not yet answered (nor withheld), and when the first of them was sent. */
  recontact: { count: number; since: Date | null };
  /** Family accesses paused (at the transfer at majority) and not ended. */
  familyPaused: number;
  /** Whether any finding with a version exists: only then are the case notices (and their reads) asked for. */
  hasFindings: boolean;
}

interface FactsRow extends Omit<ConsentStateRow, "participantId"> {
  subject: string;
  consented: boolean;
  recontactCount: number;
  recontactSince: Date | null;
  familyPaused: number;
  hasFindings: boolean;
}

/**
 * The facts of one person whose id (text) is `subject`, as columns: their consent row (null columns if they never
 * consented), the requests sent and not answered — a withdrawal that stops contact withholds what was not yet sent,
 * and what was sent still asks (the answer may be "stop contacting me") — their paused family accesses, and whether a
 * finding exists. With `FROM … ${consentJoin(subject)}` after it.
 */
function factColumns(subject: string): string {
  const id = `${subject}::uuid`;
  return `cs."participantId" IS NOT NULL AS "consented", cs."status"::text AS "status", cs."formVersionId"::text AS "formVersionId",
         cs."formVersionHash", cs."choices", cs."permittedPurposes"::text[] AS "permittedPurposes", cs."withdrawalLevel"::text AS "withdrawalLevel",
         cs."pendingFormVersionId"::text AS "pendingFormVersionId", cs."interimRule", cs."consentedBy", cs."lastEventId"::text AS "lastEventId",
         cs."version", cs."updatedAt",
         (SELECT count(*) FROM "RecontactDelivery" d
           WHERE d."participantId" = ${id} AND d."sentAt" IS NOT NULL AND d."answeredAt" IS NULL AND d."withheldAt" IS NULL)::int AS "recontactCount",
         (SELECT min(d."sentAt") FROM "RecontactDelivery" d
           WHERE d."participantId" = ${id} AND d."sentAt" IS NOT NULL AND d."answeredAt" IS NULL AND d."withheldAt" IS NULL) AS "recontactSince",
         (SELECT count(*) FROM "FamilyAccess" f
           WHERE f."participantId" = ${id} AND f."endedAt" IS NULL AND f."pausedAt" IS NOT NULL)::int AS "familyPaused",
         EXISTS (SELECT 1 FROM "Finding" f WHERE f."participantId" = ${id} AND f."latestVersion" > 0) AS "hasFindings"`;
}
const consentJoin = (subject: string) => `LEFT JOIN "ConsentState" cs ON cs."participantId" = ${subject}::uuid`;

/** Everyone user $1 may act for (consentSubjectsOf's rows and order), each with their facts: one statement for both. */
const subjectsWithFactsStatement: NamedStatement = {
  name: "tsunagi-subjects-with-facts",
  text: `SELECT subjects.*, subjects."participantId" AS "subject", ${factColumns(`subjects."participantId"`)}
    FROM (${subjectsOfUserSql}) subjects ${consentJoin(`subjects."participantId"`)}
   ORDER BY ${subjectsOrder}`,
};

const factsOfRow = ({ subject, consented, recontactCount, recontactSince, familyPaused, hasFindings, ...consent }: FactsRow): SubjectFacts => ({
  participantId: subject,
  consent: consented ? { ...consent, participantId: subject } : null,
  recontact: { count: recontactCount, since: recontactSince },
  familyPaused,
  hasFindings,
});

/**
 * The people user `userId` may act for, as consentSubjectsOf gives them, each with their facts — one statement where
 * a page needs both (home, the consent page); on the plain pool unless a client is given.
 */
export async function readSubjectsWithFacts(userId: string, db?: Database | Transaction): Promise<{ subject: ConsentSubject; facts: SubjectFacts }[]> {
  const rows = await readRows<FactsRow & SubjectRow>(subjectsWithFactsStatement, [userId], db);
  return rows.map((row) => {
    const { pseudonym, fullName, dateOfBirth, proxyAssignmentId, relationship, participantId, ...facts } = row;
    return {
      subject: subjectOfRow({ participantId, pseudonym, fullName, dateOfBirth, proxyAssignmentId, relationship }),
      facts: factsOfRow(stripOrderKeys(facts as FactsRow)),
    };
  });
}

/** The relation's ordering keys are not facts (nor consent columns). */
function stripOrderKeys(row: FactsRow & { rank?: unknown; startedAt?: unknown; assignment?: unknown }): FactsRow {
  const { rank: _rank, startedAt: _startedAt, assignment: _assignment, ...facts } = row;
  return facts;
}
