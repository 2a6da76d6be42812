/**
 * Automatic consent matching at national scale (issue 15 item 2): the committee's counts for one application over
 * 100,000 participants with 200,000 samples, as the review page computes them on every view — one aggregate query
 * grouping identical consents, then the pure rule per group (`countConsentMatchesFor`) — beside the obvious way, every
 * participant's row read and judged one by one, measured in the same run so the ratio is of one machine's moment.
 */
import pg from "pg";
import { duoTermsOf, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { matchDataUse } from "@tsunagi/consent-rules/match-data-use";
import { getDatabase } from "../../app/db.server";
import { countConsentMatchesFor } from "../../app/domain/access/matching/count-consent-matches.server";
import { createFacility } from "../../tests/factories/facility-factory";
import { withBenchDatabase } from "../bench-database";
import { line, ms } from "../bridge/figures";
import { sized } from "../smoke";

const DATABASE = "tsunagi_bench_access";
const COHORT = sized(100_000, 1_000);
const RUNS = sized(5, 1);
const GOAL_MS = 1_000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Participant i: sharing with universities, companies and abroad by bits of i; findings preferences by i % 3; 1 in 20 withdrawn. */
async function seedMatchingCohort(databaseUrl: string, facilityId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Participant" (id, pseudonym, "facilityId", "programmeArea", "createdAt")
       SELECT gen_random_uuid(), 'TGP-M' || lpad(i::text, 6, '0'), $2::uuid, (CASE WHEN i % 4 = 0 THEN 'rare_disease' ELSE 'cancer' END)::"ProgrammeArea", now()
         FROM generate_series(0, $1::int - 1) AS i`,
      [COHORT, facilityId],
    );
    await client.query(
      `INSERT INTO "ConsentState" ("participantId", status, choices, "permittedPurposes", "withdrawalLevel", "consentedBy", "lastEventId", version, "updatedAt")
       SELECT p.id,
              (CASE WHEN i % 20 = 7 THEN 'withdrawn' ELSE 'active' END)::"ConsentStatus",
              jsonb_build_object('core.wgs', 'yes',
                                 'share.academia', CASE WHEN i % 2 = 0 THEN 'yes' ELSE 'no' END,
                                 'share.industry', CASE WHEN (i / 2) % 2 = 0 THEN 'yes' ELSE 'no' END,
                                 'share.international', CASE WHEN (i / 4) % 2 = 0 THEN 'yes' ELSE 'no' END,
                                 'findings.secondary.hereditary_cancer', (ARRAY['want', 'not_want', 'undecided'])[i % 3 + 1]),
              ARRAY['DUO:0000006'],
              (CASE WHEN i % 20 = 7 THEN 'no_further_use' END)::"WithdrawalLevel",
              'self', gen_random_uuid(), 1, now()
         FROM generate_series(0, $1::int - 1) AS i JOIN "Participant" p ON p.pseudonym = 'TGP-M' || lpad(i::text, 6, '0')`,
      [COHORT],
    );
    await client.query(
      `INSERT INTO "Sample" (id, "sampleCode", "participantId", kind, "createdAt")
       SELECT gen_random_uuid(), p.pseudonym || '-' || k, p.id, (CASE WHEN k = 1 THEN 'tumour' ELSE 'blood' END)::"SampleKind", now()
         FROM "Participant" p CROSS JOIN generate_series(1, 2) AS k WHERE p.pseudonym LIKE 'TGP-M%'`,
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "Participant", "ConsentState", "Sample"`);
  } finally {
    await client.end();
  }
}

export async function runAccessBenchmarks(adminUrl: string, print: (text: string) => void = (text) => console.log(text)): Promise<void> {
  print("Data access: automatic consent matching");
  print("---------------------------------------");
  await withBenchDatabase(adminUrl, DATABASE, async ({ databaseUrl }) => {
    const facility = await createFacility({ code: "BENCH-A" });
    const seedStarted = performance.now();
    await seedMatchingCohort(databaseUrl, facility.id);
    print(`   (cohort: ${COHORT.toLocaleString("en-US")} participants, ${(2 * COHORT).toLocaleString("en-US")} samples, written with generate_series in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`);

    const application = { purpose: { codes: ["HMB"], commercial: true }, recipientType: "industry", recipientCountry: "US" };
    const grouped = () => countConsentMatchesFor(application);
    /** The obvious way, for the ratio: every participant's consent and samples read, and judged one by one. */
    const oneByOne = async () => {
      const rows = await getDatabase().$queryRaw<{ status: "active" | "withdrawn" | "reconsent_required"; choices: ChoiceSnapshot; permittedPurposes: string[]; withdrawalLevel: null; interimRule: null; samples: number }[]>`
        SELECT s.status::text AS status, s.choices, s."permittedPurposes", s."withdrawalLevel"::text AS "withdrawalLevel", s."interimRule",
               (SELECT count(*)::int FROM "Sample" k WHERE k."participantId" = s."participantId" AND k."destroyedAt" IS NULL) AS samples
          FROM "ConsentState" s`;
      const totals = { approve: 0, deny: 0, abstain: 0 };
      for (const row of rows) {
        const gate = ["industry", "international"].map((recipient) => decideAction(row, { action: "share", recipient: recipient as "industry", purpose: row.permittedPurposes[0] ?? "" })).find((decision) => !decision.allowed);
        totals[gate ? "deny" : matchDataUse({ codes: duoTermsOf(row.choices) }, application.purpose).result] += 1;
      }
      return totals;
    };
    const first = await grouped();
    const check = await oneByOne();
    const same = first.totals.approve.participants === check.approve && first.totals.deny.participants === check.deny && first.totals.abstain.participants === check.abstain;
    const groupedTimes: number[] = [];
    const naiveTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let started = performance.now();
      await grouped();
      groupedTimes.push(performance.now() - started);
      started = performance.now();
      await oneByOne();
      naiveTimes.push(performance.now() - started);
    }
    const { approve, deny, abstain } = first.totals;
    print(
      `One application (HMB, a company abroad) over ${COHORT.toLocaleString("en-US")} participants: approve ${approve.participants.toLocaleString("en-US")}, deny ${deny.participants.toLocaleString("en-US")}, abstain ${abstain.participants.toLocaleString("en-US")}; ${first.reasons.length} reasons counted; the two ways agree: ${same ? "yes" : "NO"}`,
    );
    const groupedMedian = median(groupedTimes);
    const naiveMedian = median(naiveTimes);
    print(line(`   grouped by identical consent (the page's way), median of ${RUNS}`, `${ms(groupedMedian, 0)}  (fastest ${ms(Math.min(...groupedTimes), 0)}, slowest ${ms(Math.max(...groupedTimes), 0)})`, { text: `< ${GOAL_MS} ms`, met: groupedMedian < GOAL_MS }));
    print(line(`   every participant judged one by one, median of ${RUNS}`, `${ms(naiveMedian, 0)}  (${(naiveMedian / groupedMedian).toFixed(1)}× the grouped way)`));
    print("");
  });
}
