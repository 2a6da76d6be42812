import { readRows, type Database, type NamedStatement, type Transaction } from "../../../db.server";
import type { ConsentStateRow } from "../ledger/index";
import { PROVISION_NOTICE_VERSION } from "@tsunagi/consent-rules/provision-law";
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
  /** Whether this release's text of the 2024 law's notice was given to them, online or on paper (ADR 140). */
  provisionNoticeGiven: boolean;
  /**
   * The day staff ask the pending version's re-consent by (ISO, a calendar day in Japan; ADR 120), read with the rest
   * (reconsentDeadlineOf's answer for the pending version); null when none is pending or none was set.
   */
  reconsentDeadline: string | null;
}

/** One row of the statement: the subject (SubjectRow), their consent's columns, and the facts counted beside it. */
type FactsRow = SubjectRow &
  Omit<ConsentStateRow, "participantId"> & {
    consented: boolean;
    recontactCount: number;
    recontactSince: Date | null;
    familyPaused: number;
    hasFindings: boolean;
    provisionNoticeGiven: boolean;
    reconsentDeadline: string | null;
  };

/**
 * Everyone user $1 may act for (consentSubjectsOf's relation and order), each with their consent row (null columns if
 * they never consented), the requests sent and not answered — a withdrawal that stops contact withholds what was not
 * yet sent, and what was sent still asks (the answer may be "stop contacting me") — their paused family accesses, and
 * whether a finding exists, and the day a pending re-consent is asked by. One statement for both.
 */
// The notice's version is a constant of this release (never input): written into the statement's text, so the named
// statement stays one text per release. A new text of the notice is offered again to everyone (ADR 140).
const noticeVersionLiteral = PROVISION_NOTICE_VERSION.replace(/'/g, "''");

const subjectsWithFactsStatement: NamedStatement = {
  name: "tsunagi-subjects-with-facts",
  text: `SELECT s."participantId", s."pseudonym", s."fullName", s."dateOfBirth", s."proxyAssignmentId", s."relationship",
         cs."participantId" IS NOT NULL AS "consented", cs."status"::text AS "status", cs."formVersionId"::text AS "formVersionId",
         cs."formVersionHash", cs."choices", cs."permittedPurposes"::text[] AS "permittedPurposes", cs."withdrawalLevel"::text AS "withdrawalLevel",
         cs."pendingFormVersionId"::text AS "pendingFormVersionId", cs."interimRule", cs."consentedBy", cs."lastEventId"::text AS "lastEventId",
         cs."provision", cs."lifeEvent", cs."version", cs."updatedAt",
         (SELECT count(*) FROM "RecontactDelivery" d
           WHERE d."participantId" = s."participantId"::uuid AND d."sentAt" IS NOT NULL AND d."answeredAt" IS NULL AND d."withheldAt" IS NULL)::int AS "recontactCount",
         (SELECT min(d."sentAt") FROM "RecontactDelivery" d
           WHERE d."participantId" = s."participantId"::uuid AND d."sentAt" IS NOT NULL AND d."answeredAt" IS NULL AND d."withheldAt" IS NULL) AS "recontactSince",
         (SELECT count(*) FROM "FamilyAccess" f
           WHERE f."participantId" = s."participantId"::uuid AND f."endedAt" IS NULL AND f."pausedAt" IS NOT NULL)::int AS "familyPaused",
         EXISTS (SELECT 1 FROM "Finding" f WHERE f."participantId" = s."participantId"::uuid AND f."latestVersion" > 0) AS "hasFindings",
         EXISTS (SELECT 1 FROM "ProvisionNotice" n WHERE n."participantId" = s."participantId"::uuid AND n."noticeVersion" = '${noticeVersionLiteral}') AS "provisionNoticeGiven",
         (SELECT to_char(rd."deadline", 'YYYY-MM-DD') FROM "ReconsentDeadline" rd WHERE rd."formVersionId" = cs."pendingFormVersionId") AS "reconsentDeadline"
    FROM (${subjectsOfUserSql}) s
    LEFT JOIN "ConsentState" cs ON cs."participantId" = s."participantId"::uuid
   ORDER BY ${subjectsOrder}`,
};

/**
 * The people user `userId` may act for, as consentSubjectsOf gives them, each with their facts — one statement where
 * a page needs both (home, the consent page); on the plain pool unless a client is given.
 */
export async function readSubjectsWithFacts(userId: string, db?: Database | Transaction): Promise<{ subject: ConsentSubject; facts: SubjectFacts }[]> {
  const rows = await readRows<FactsRow>(subjectsWithFactsStatement, [userId], db);
  return rows.map(({ participantId, pseudonym, fullName, dateOfBirth, proxyAssignmentId, relationship, consented, recontactCount, recontactSince, familyPaused, hasFindings, provisionNoticeGiven, reconsentDeadline, ...consent }) => ({
    subject: subjectOfRow({ participantId, pseudonym, fullName, dateOfBirth, proxyAssignmentId, relationship }),
    facts: {
      participantId,
      consent: consented ? { ...consent, participantId } : null,
      recontact: { count: recontactCount, since: recontactSince },
      familyPaused,
      hasFindings,
      provisionNoticeGiven,
      reconsentDeadline,
    },
  }));
}
