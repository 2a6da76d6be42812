import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ResearchPurpose } from "@tsunagi/consent-rules/match-data-use";
import { getDatabase, type Database } from "../../../db.server";
import { compactCohortCounts } from "../../consent/index.server";
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
 * The committee's counts for one purpose (issue 15 item 2), computed on every view: the cohort counted by consent
 * shape (ADR 074; `CohortCount`, kept by triggers in the transaction of every consent, sample and identity change)
 * gives each distinct consent with its participants and samples not destroyed, and `countConsentMatches` decides each
 * once. A few hundred rows, whatever the cohort's size. No identity is read; only totals leave here.
 */
export async function countConsentMatchesFor(application: ApplicationAudience, db: Database = getDatabase()): Promise<ConsentMatchCounts> {
  await compactCohortCounts(db);
  const rows = await db.$queryRaw<GroupRow[]>`
    SELECT c."status"::text AS "status", c."choices", c."permittedPurposes", c."withdrawalLevel"::text AS "withdrawalLevel", c."interimRule",
           sum(n."participants")::int AS "participants", sum(n."liveSamples")::int AS "samples"
      FROM "CohortCount" n JOIN "ConsentShape" c ON c."id" = n."shapeId"
     GROUP BY c."id"
    HAVING sum(n."participants") <> 0`;
  return countGroups(rows, application);
}

/**
 * The same counts computed participant by participant from the consent projection (`ConsentState`) and the samples:
 * what countConsentMatchesFor's counts must always equal. Kept as the reference the tests and the scale benchmark
 * compare against; over a national cohort it takes seconds, not milliseconds.
 */
export async function countConsentMatchesByParticipant(application: ApplicationAudience, db: Database = getDatabase()): Promise<ConsentMatchCounts> {
  const rows = await db.$queryRaw<GroupRow[]>`
    SELECT s.status::text AS status, s.choices, s."permittedPurposes", s."withdrawalLevel"::text AS "withdrawalLevel", s."interimRule",
           count(*)::int AS participants, coalesce(sum(k.samples), 0)::int AS samples
      FROM "ConsentState" s
      LEFT JOIN (SELECT "participantId", count(*) AS samples FROM "Sample" WHERE "destroyedAt" IS NULL GROUP BY "participantId") k
        ON k."participantId" = s."participantId"
     GROUP BY s.status, s.choices, s."permittedPurposes", s."withdrawalLevel", s."interimRule"`;
  return countGroups(rows, application);
}

interface ApplicationAudience {
  purpose: ResearchPurpose;
  recipientType: string;
  recipientCountry: string;
}

function countGroups(rows: GroupRow[], application: ApplicationAudience): ConsentMatchCounts {
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
