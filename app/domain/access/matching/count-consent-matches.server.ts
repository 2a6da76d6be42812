import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ResearchPurpose } from "@tsunagi/consent-rules/match-data-use";
import { getDatabase, type Database } from "../../../db.server";
import { countConsentMatches, gateRecipientsOf, type ConsentGroup, type ConsentMatchCounts } from "./consent-match-counts";

interface GroupRow {
  status: "active" | "reconsent_required" | "withdrawn";
  choices: ChoiceSnapshot;
  permittedPurposes: string[];
  withdrawalLevel: ConsentGroup["consent"]["withdrawalLevel"];
  interimRule: string | null;
  participants: number;
  samples: number;
}

/**
 * The committee's counts for one purpose (issue 15 item 2), computed on every view from the consent projection
 * (`ConsentState`, the ledger's fold): one aggregate query groups participants by identical consent, with the samples
 * not destroyed, then `countConsentMatches` decides each group once. No identity is read; only totals leave here.
 */
export async function countConsentMatchesFor(
  application: { purpose: ResearchPurpose; recipientType: string; recipientCountry: string },
  db: Database = getDatabase(),
): Promise<ConsentMatchCounts> {
  const rows = await db.$queryRaw<GroupRow[]>`
    SELECT s.status::text AS status, s.choices, s."permittedPurposes", s."withdrawalLevel"::text AS "withdrawalLevel", s."interimRule",
           count(*)::int AS participants, coalesce(sum(k.samples), 0)::int AS samples
      FROM "ConsentState" s
      LEFT JOIN (SELECT "participantId", count(*) AS samples FROM "Sample" WHERE "destroyedAt" IS NULL GROUP BY "participantId") k
        ON k."participantId" = s."participantId"
     GROUP BY s.status, s.choices, s."permittedPurposes", s."withdrawalLevel", s."interimRule"`;
  const groups: ConsentGroup[] = rows.map((row) => ({
    consent: {
      status: row.status,
      choices: row.choices,
      permittedPurposes: row.permittedPurposes,
      withdrawalLevel: row.withdrawalLevel,
      interimRule: row.interimRule as ConsentGroup["consent"]["interimRule"],
    },
    participants: row.participants,
    samples: row.samples,
  }));
  return countConsentMatches(groups, application.purpose, gateRecipientsOf(application.recipientType, application.recipientCountry));
}
