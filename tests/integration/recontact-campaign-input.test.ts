// Writing a campaign (issue 13 item 5; ADR 033): a well-formed draft is stored and audited; bad input — empty,
// oversized, a wrong enum, hostile Unicode, an age band upside down, an unknown facility — is refused with nothing
// written, and the schema the routes parse with names the field and the reason.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { createRecontactCampaign } from "../../app/domain/recontact/create-recontact-campaign.server";
import { RecontactCampaignSchema, type RecontactCampaignInput } from "../../app/domain/recontact/recontact-campaign-schema";
import { createFacility } from "../factories/facility-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const valid: RecontactCampaignInput = {
  kind: "clinical_trial",
  title: "  遺伝性乳がんの治験のご案内  ",
  messageJa: "治験への参加をご検討いただけませんか。\n詳しくは主治医にお尋ねください。",
  messageJaEasy: "くすりの ためしに でて もらえませんか。",
  messageEn: "Would you consider taking part in a clinical trial?",
  enrolmentAgeMin: 20,
  enrolmentAgeMax: 64,
  programmeArea: "cancer",
};

describe("[ELSI staff] writes a campaign", () => {
  it("stores a draft with its filters and audits it", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const facility = await createFacility();
    const { id } = await createRecontactCampaign({ campaign: { ...valid, facilityIds: [facility.id, facility.id] }, actorUserId: staff.id });
    const stored = await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ state: "draft", kind: "clinical_trial", title: "遺伝性乳がんの治験のご案内", facilityIds: [facility.id], programmeArea: "cancer", enrolmentAgeMin: 20, enrolmentAgeMax: 64, createdById: staff.id, sentAt: null });
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "recontact_campaign.created", actorUserId: staff.id } });
    expect(audit.map((row) => row.detail)).toEqual([{ campaignId: id, kind: "clinical_trial" }]);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ["an empty title", { title: "   " }, "title"],
    ["an oversized message", { messageEn: "a".repeat(4001) }, "messageEn"],
    ["a kind not offered", { kind: "marketing" }, "kind"],
    ["a right-to-left override in the title", { title: "治験\u202Eのご案内" }, "title"],
    ["a NUL in a message", { messageJa: "ご案内\u0000" }, "messageJa"],
    ["half of a surrogate pair", { messageJaEasy: "おしらせ\uD842" }, "messageJaEasy"],
    ["an age band upside down", { enrolmentAgeMin: 65, enrolmentAgeMax: 20 }, "enrolmentAgeMax"],
    ["an age out of range", { enrolmentAgeMin: -1 }, "enrolmentAgeMin"],
    ["a programme area not offered", { programmeArea: "oncology" }, "programmeArea"],
    ["a facility id that is not an id", { facilityIds: ["'; DROP TABLE"] }, "facilityIds"],
  ];
  for (const [what, change, field] of bad) {
    it(`refuses ${what}, naming the field, and writes nothing`, async () => {
      const staff = await createUser({ role: "elsi_staff" });
      const input = { ...valid, ...change } as RecontactCampaignInput;
      const parsed = RecontactCampaignSchema.safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((issue) => issue.path[0])).toContain(field);
      await expect(createRecontactCampaign({ campaign: input, actorUserId: staff.id })).rejects.toMatchObject({ code: "invalid_input" });
      expect(await getDatabase().recontactCampaign.count({ where: { createdById: staff.id } })).toBe(0);
      expect(await getDatabase().auditEvent.count({ where: { actorUserId: staff.id, type: { startsWith: "recontact_campaign." } } })).toBe(0);
    });
  }

  it("refuses a facility that does not exist and writes nothing", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    await expect(createRecontactCampaign({ campaign: { ...valid, facilityIds: ["00000000-0000-4000-8000-000000000000"] }, actorUserId: staff.id })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await getDatabase().recontactCampaign.count({ where: { createdById: staff.id } })).toBe(0);
  });
});
