import { readRows, type Database, type NamedStatement, type Transaction } from "../../../db.server";
import type { ConsentStateRow } from "../ledger/ledger-rows";

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
 * One statement for every person given (their pages are read on every visit, issue 30): each one's consent row, the
 * requests sent and not answered — a withdrawal that stops contact withholds what was not yet sent, and what was sent
 * still asks (the answer may be "stop contacting me") — their paused family accesses, and whether a finding exists.
 * In the order given; on the plain pool unless a client is given.
 */
const factsStatement: NamedStatement = {
  name: "tsunagi-subject-facts",
  text: `SELECT s."subject", cs."participantId" IS NOT NULL AS "consented", cs."status"::text AS "status", cs."formVersionId"::text AS "formVersionId",
         cs."formVersionHash", cs."choices", cs."permittedPurposes"::text[] AS "permittedPurposes", cs."withdrawalLevel"::text AS "withdrawalLevel",
         cs."pendingFormVersionId"::text AS "pendingFormVersionId", cs."interimRule", cs."consentedBy", cs."lastEventId"::text AS "lastEventId",
         cs."version", cs."updatedAt",
         (SELECT count(*) FROM "RecontactDelivery" d
           WHERE d."participantId" = s."subject"::uuid AND d."sentAt" IS NOT NULL AND d."answeredAt" IS NULL AND d."withheldAt" IS NULL)::int AS "recontactCount",
         (SELECT min(d."sentAt") FROM "RecontactDelivery" d
           WHERE d."participantId" = s."subject"::uuid AND d."sentAt" IS NOT NULL AND d."answeredAt" IS NULL AND d."withheldAt" IS NULL) AS "recontactSince",
         (SELECT count(*) FROM "FamilyAccess" f
           WHERE f."participantId" = s."subject"::uuid AND f."endedAt" IS NULL AND f."pausedAt" IS NOT NULL)::int AS "familyPaused",
         EXISTS (SELECT 1 FROM "Finding" f WHERE f."participantId" = s."subject"::uuid AND f."latestVersion" > 0) AS "hasFindings"
    FROM unnest($1::text[]) WITH ORDINALITY AS s("subject", "position")
    LEFT JOIN "ConsentState" cs ON cs."participantId" = s."subject"::uuid
   ORDER BY s."position"`,
};

export async function readSubjectFacts(participantIds: readonly string[], db?: Database | Transaction): Promise<SubjectFacts[]> {
  if (participantIds.length === 0) return [];
  const rows = await readRows<FactsRow>(factsStatement, [participantIds], db);
  return rows.map(({ subject, consented, recontactCount, recontactSince, familyPaused, hasFindings, ...consent }) => ({
    participantId: subject,
    consent: consented ? { ...consent, participantId: subject } : null,
    recontact: { count: recontactCount, since: recontactSince },
    familyPaused,
    hasFindings,
  }));
}
