// A national cohort's campaign (issue 13 item 5; ADR 033): 100,000 participants, their audience decided in bulk — two
// reads and one insert, not a query per participant. What is checked is the counts, not the time: the time is
// `npm run bench`'s to report.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { claimCampaignRecipients } from "../../app/domain/recontact/claim-campaign-recipients.server";
import { previewCampaignAudience } from "../../app/domain/recontact/preview-campaign-audience.server";
import { createFacility } from "../factories/facility-factory";
import { seedRecontactCohort } from "../factories/recontact-cohort";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";

const db = useTestDatabase();
const COHORT = 100_000;

describe("[ELSI staff] a campaign to 100,000 participants", () => {
  it("is decided in bulk, and the claim writes every included participant's delivery", async () => {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const campaign = (data: { kind: "new_study" | "survey"; state?: "sent" }) =>
      getDatabase().recontactCampaign.create({
        data: { ...data, title: "Cohort", messageJa: "お知らせ", messageJaEasy: "おしらせ", messageEn: "News", facilityIds: [facility.id], programmeArea: "cancer", createdById: staff.id },
      });
    const earlier = await campaign({ kind: "survey", state: "sent" });
    await seedRecontactCohort(db.url, { size: COHORT, facilityId: facility.id, earlierCampaignId: earlier.id });
    const tenth = COHORT / 10;
    const expected = {
      matched: COHORT,
      included: 5 * tenth,
      excluded: { declined: tenth, withdrawn_no_contact: tenth, life_event: 0, proxy_needed: tenth, undeliverable: tenth, frequency_cap: tenth },
    };

    const { id } = await campaign({ kind: "new_study" });
    expect(await previewCampaignAudience({ campaignId: id, asNeededCap: 4 })).toEqual(expected);
    expect(await claimCampaignRecipients({ campaignId: id, actorUserId: staff.id, request: { ipAddress: "127.0.0.1", userAgent: "test" }, asNeededCap: 4 })).toMatchObject(expected);
    const byChannel = await getDatabase().recontactDelivery.groupBy({ by: ["channel"], where: { campaignId: id }, _count: true, orderBy: { channel: "asc" } });
    expect(byChannel.map((row) => [row.channel, row._count])).toEqual([
      ["email", 4 * tenth],
      ["post", tenth],
    ]);
  }, 120_000);
});
