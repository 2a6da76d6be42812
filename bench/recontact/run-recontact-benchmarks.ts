/**
 * Recontact campaigns at national scale (issue 13 item 5, ADR 033): the audience of one campaign decided for 100,000
 * participants — the read-only preview ELSI staff see before sending, and the claim that writes every included
 * participant's delivery under their row locks. The cohort is the at-scale test's (tests/factories/recontact-cohort.ts):
 * half included, a tenth excluded for each reason, a tenth of the included by post.
 */
import { getDatabase } from "../../app/db.server";
import { claimCampaignRecipients } from "../../app/domain/recontact/claim-campaign-recipients.server";
import { previewCampaignAudience } from "../../app/domain/recontact/preview-campaign-audience.server";
import { createFacility } from "../../tests/factories/facility-factory";
import { seedRecontactCohort } from "../../tests/factories/recontact-cohort";
import { withBenchDatabase } from "../bench-database";
import { line, ms } from "../bridge/figures";
import { sized } from "../smoke";

const DATABASE = "tsunagi_bench_recontact";
const COHORT = sized(100_000, 1_000);
const PREVIEWS = sized(5, 1);
const CLAIMS = sized(3, 1);
const GOAL_MS = 2_000;
const AS_NEEDED_CAP = 4;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runRecontactBenchmarks(adminUrl: string, print: (text: string) => void = (text) => console.log(text)): Promise<void> {
  print("Recontact campaigns");
  print("-------------------");
  await withBenchDatabase(adminUrl, DATABASE, async ({ databaseUrl }) => {
    const db = getDatabase();
    const facility = await createFacility({ code: "BENCH-R" });
    const staff = await db.user.create({ data: { email: "elsi@bench.tsunagi.test", role: "elsi_staff", displayName: "bench" } });
    const campaign = (kind: "new_study" | "survey", state?: "sent") =>
      db.recontactCampaign.create({
        data: { kind, state, title: "Bench", messageJa: "お知らせ", messageJaEasy: "おしらせ", messageEn: "News", facilityIds: [facility.id], programmeArea: "cancer", createdById: staff.id },
      });
    const earlier = await campaign("survey", "sent");
    const seedStarted = performance.now();
    await seedRecontactCohort(databaseUrl, { size: COHORT, facilityId: facility.id, earlierCampaignId: earlier.id });
    print(`   (cohort: ${COHORT.toLocaleString("en-US")} participants written with generate_series in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`);

    const draft = await campaign("new_study");
    const previews: number[] = [];
    let counts = await previewCampaignAudience({ campaignId: draft.id, asNeededCap: AS_NEEDED_CAP });
    for (let index = 0; index < PREVIEWS; index++) {
      const started = performance.now();
      counts = await previewCampaignAudience({ campaignId: draft.id, asNeededCap: AS_NEEDED_CAP });
      previews.push(performance.now() - started);
    }
    const claims: number[] = [];
    for (let index = 0; index < CLAIMS; index++) {
      const next = await campaign("new_study");
      const started = performance.now();
      await claimCampaignRecipients({ campaignId: next.id, actorUserId: staff.id, request: { ipAddress: "127.0.0.1", userAgent: "bench" }, asNeededCap: AS_NEEDED_CAP });
      claims.push(performance.now() - started);
    }
    print(`Audience of one campaign, ${COHORT.toLocaleString("en-US")} participants (${counts.included.toLocaleString("en-US")} included; excluded ${Object.entries(counts.excluded).map(([reason, count]) => `${reason} ${count.toLocaleString("en-US")}`).join(", ")})`);
    const previewMedian = median(previews);
    print(line(`   preview (read-only), median of ${PREVIEWS}`, `${ms(previewMedian, 0)}  (fastest ${ms(Math.min(...previews), 0)}, slowest ${ms(Math.max(...previews), 0)})`, { text: `< ${GOAL_MS} ms`, met: previewMedian < GOAL_MS }));
    const claimMedian = median(claims);
    print(line(`   claim (locks, deliveries written), median of ${CLAIMS}`, `${ms(claimMedian, 0)}  (fastest ${ms(Math.min(...claims), 0)}, slowest ${ms(Math.max(...claims), 0)})`, { text: `< ${GOAL_MS} ms`, met: claimMedian < GOAL_MS }));
    print("");
  });
}
