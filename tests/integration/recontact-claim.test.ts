// Recontact campaigns' audience (issue 13 item 5; ADR 033): the counts staff see before sending, the deliveries a
// claim writes, and the frequency cap holding when two campaigns are claimed at the same moment.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import type { RecontactCampaignKind } from "../../app/domain/recontact/audience-verdict";
import { claimCampaignRecipients } from "../../app/domain/recontact/claim-campaign-recipients.server";
import { previewCampaignAudience } from "../../app/domain/recontact/preview-campaign-audience.server";
import { createFacility } from "../factories/facility-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { atOnce, closeLedgerGate, closeRowGate, refusals, settled, succeeded } from "../support/lock-gate";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const request = { ipAddress: "127.0.0.1", userAgent: "test" };
const noneExcluded = { withdrawn_no_contact: 0, life_event: 0, declined: 0, proxy_needed: 0, undeliverable: 0, frequency_cap: 0 };

async function elsiStaff(): Promise<string> {
  return (await createUser({ role: "elsi_staff" })).id;
}

/** A participant who consented online with these choices, moved to `facilityId` (each test has its own facility). */
async function participantAt(facilityId: string, choices: ChoiceSnapshot = {}, options: { byProxy?: boolean } = {}) {
  const participant = await consentedParticipant({ choices, byProxy: options.byProxy });
  await getDatabase().participant.update({ where: { id: participant.id }, data: { facilityId } });
  return participant;
}

async function draftCampaign(options: { facilityIds: string[]; kind?: RecontactCampaignKind; programmeArea?: "cancer" | "rare_disease"; ageMin?: number; ageMax?: number }) {
  const campaign = await getDatabase().recontactCampaign.create({
    data: {
      kind: options.kind ?? "new_study",
      title: `Campaign ${randomUUID().slice(0, 8)}`,
      messageJa: "新しい研究へのご協力のお願い",
      messageJaEasy: "あたらしい けんきゅうの おねがい",
      messageEn: "An invitation to a new study",
      facilityIds: options.facilityIds,
      programmeArea: options.programmeArea ?? null,
      enrolmentAgeMin: options.ageMin ?? null,
      enrolmentAgeMax: options.ageMax ?? null,
      createdById: await elsiStaff(),
    },
  });
  return campaign.id;
}

/** Earlier campaign messages, as an earlier claim would have left them. */
async function earlierDeliveries(participantId: string, claimedAt: Date[]): Promise<void> {
  const campaignId = await draftCampaign({ facilityIds: [] });
  await getDatabase().recontactCampaign.update({ where: { id: campaignId }, data: { state: "sent" } });
  for (const at of claimedAt) {
    // One delivery per campaign and participant: each earlier message is its own campaign.
    const id = at === claimedAt[0] ? campaignId : await draftCampaign({ facilityIds: [] });
    await getDatabase().recontactDelivery.create({ data: { campaignId: id, participantId, channel: "email", claimedAt: at } });
  }
}

describe("[ELSI staff] a campaign's audience", () => {
  it("counts each participant under the first reason that excludes them, and the claim writes a delivery for exactly the rest", async () => {
    const facility = await createFacility();
    const staff = await elsiStaff();
    const included = await participantAt(facility.id, { "recontact.research": "yes", "recontact.frequency": "as_needed" });
    const byPost = await participantAt(facility.id, { "recontact.research": "yes", "recontact.channel": "post", "recontact.frequency": "yearly" });
    await participantAt(facility.id, { "recontact.research": "no" });
    const withdrawn = await participantAt(facility.id, { "recontact.research": "yes" });
    await withdrawConsent({ participantId: withdrawn.id, actor: { userId: withdrawn.user!.id, role: "participant" }, method: "online", language: "ja", request, level: "no_contact" });
    await participantAt(facility.id, { "recontact.research": "yes" }, { byProxy: true });
    const noAddress = await participantAt(facility.id, { "recontact.research": "yes", "recontact.channel": "email" });
    await getDatabase().participantIdentity.update({ where: { participantId: noAddress.id }, data: { email: null } });
    const bounced = await participantAt(facility.id, { "recontact.research": "yes", "recontact.channel": "email" });
    const onceOnly = await participantAt(facility.id, { "recontact.research": "yes", "recontact.frequency": "once_only" });
    await earlierDeliveries(onceOnly.id, [new Date("2019-05-01T00:00:00Z")]);
    // Said yes, and then the clinic recorded their death (ADR 143): counted apart, never contacted.
    const deceased = await participantAt(facility.id, { "recontact.research": "yes" });
    await getDatabase().consentState.update({ where: { participantId: deceased.id }, data: { lifeEvent: { kind: "death", on: "2026-11-01" } } });

    const campaignId = await draftCampaign({ facilityIds: [facility.id] });
    // A mail server refused the address for good (the mail delivery log's mark, ADR 031), in another case.
    const bouncedAddress = (await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: bounced.id } })).email!;
    const bounce = await getDatabase().mailMessage.create({ data: { toAddress: bouncedAddress, template: "consent-notice", language: "ja", props: {}, state: "bounced" } });
    await getDatabase().undeliverableAddress.create({ data: { address: bouncedAddress.toLowerCase(), since: new Date(), lastError: "550 mailbox unavailable", mailMessageId: bounce.id } });
    const expected = {
      matched: 9,
      included: 2,
      excluded: { withdrawn_no_contact: 1, life_event: 1, declined: 1, proxy_needed: 1, undeliverable: 2, frequency_cap: 1 },
    };
    expect(await previewCampaignAudience({ campaignId })).toEqual(expected);
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId } })).toBe(0);

    const claimed = await claimCampaignRecipients({ campaignId, actorUserId: staff, request });
    expect(claimed).toMatchObject(expected);
    const deliveries = await getDatabase().recontactDelivery.findMany({ where: { campaignId }, orderBy: { participantId: "asc" } });
    expect(deliveries.map((delivery) => [delivery.participantId, delivery.channel])).toEqual(
      [
        [included.id, "email"],
        [byPost.id, "post"],
      ].sort(([a], [b]) => a!.localeCompare(b!)),
    );
    expect(deliveries.every((delivery) => delivery.claimedAt.getTime() === claimed.claimedAt.getTime() && delivery.responseTokenHash === null)).toBe(true);

    const campaign = await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({ state: "sending", sentById: staff, sentAt: claimed.claimedAt });
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "recontact_campaign.recipients_claimed", actorUserId: staff } });
    expect(audit.map((row) => row.detail)).toEqual([{ campaignId, kind: "new_study", ...expected }]);

    // Claimed once: a second claim is refused and writes nothing.
    await expect(claimCampaignRecipients({ campaignId, actorUserId: staff, request })).rejects.toMatchObject({ code: "campaign_not_draft" });
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId } })).toBe(2);
  });

  it("asks the consent rule about the campaign's topic: a re-interpretation needs recontact.findings_update", async () => {
    const facility = await createFacility();
    await participantAt(facility.id, { "recontact.research": "yes", "recontact.findings_update": "no" });
    const wantsUpdates = await participantAt(facility.id, { "recontact.research": "no", "recontact.findings_update": "yes" });
    const campaignId = await draftCampaign({ facilityIds: [facility.id], kind: "findings_reinterpretation" });
    const claimed = await claimCampaignRecipients({ campaignId, actorUserId: await elsiStaff(), request });
    expect(claimed).toMatchObject({ matched: 2, included: 1, excluded: { ...noneExcluded, declined: 1 } });
    expect((await getDatabase().recontactDelivery.findMany({ where: { campaignId } })).map((delivery) => delivery.participantId)).toEqual([wantsUpdates.id]);
  });

  it("filters by facility, programme area and age at enrolment before any reason is counted", async () => {
    const [here, elsewhere] = [await createFacility(), await createFacility()];
    const cancer = await participantAt(here.id, { "recontact.research": "yes" });
    const rare = await participantAt(here.id, { "recontact.research": "yes" });
    await participantAt(elsewhere.id, { "recontact.research": "yes" });
    // Born 1960-04-01 (the factory's default): 39 when enrolled on 31 March 2000 in Japan, 40 a day later.
    await getDatabase().participant.update({ where: { id: cancer.id }, data: { programmeArea: "cancer", createdAt: new Date("2000-03-31T14:59:59Z") } });
    await getDatabase().participant.update({ where: { id: rare.id }, data: { programmeArea: "rare_disease", createdAt: new Date("2000-03-31T15:00:00Z") } });

    const counts = async (filters: Parameters<typeof draftCampaign>[0]) => previewCampaignAudience({ campaignId: await draftCampaign(filters) });
    expect((await counts({ facilityIds: [here.id] })).matched).toBe(2);
    expect((await counts({ facilityIds: [here.id, elsewhere.id] })).matched).toBe(3);
    expect(await counts({ facilityIds: [here.id], programmeArea: "rare_disease" })).toEqual({ matched: 1, included: 1, excluded: noneExcluded });
    expect((await counts({ facilityIds: [here.id], ageMax: 39 })).matched).toBe(1);
    expect((await counts({ facilityIds: [here.id], ageMin: 40, ageMax: 64 })).matched).toBe(1);
    expect((await counts({ facilityIds: [here.id], ageMin: 18, ageMax: 30 })).matched).toBe(0);
    // Participants enrolled before the area was recorded are left out of an area's campaign rather than guessed.
    expect((await counts({ facilityIds: [elsewhere.id], programmeArea: "cancer" })).matched).toBe(0);
  });

  it("counts earlier messages per frequency: once ever, once in the rolling Japan-calendar year, or the programme cap", async () => {
    const facility = await createFacility();
    const now = new Date("2027-06-01T03:00:00Z");
    const yearlyDue = await participantAt(facility.id, { "recontact.research": "yes", "recontact.frequency": "yearly" });
    await earlierDeliveries(yearlyDue.id, [new Date("2026-06-01T03:00:00Z")]);
    const yearlyNotYet = await participantAt(facility.id, { "recontact.research": "yes", "recontact.frequency": "yearly" });
    await earlierDeliveries(yearlyNotYet.id, [new Date("2026-06-01T03:00:00.001Z")]);
    const atCap = await participantAt(facility.id, { "recontact.research": "yes", "recontact.frequency": "as_needed" });
    await earlierDeliveries(atCap.id, [new Date("2026-09-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z")]);
    const campaignId = await draftCampaign({ facilityIds: [facility.id] });
    const claimed = await claimCampaignRecipients({ campaignId, actorUserId: await elsiStaff(), request, now, asNeededCap: 2 });
    expect(claimed).toMatchObject({ matched: 3, included: 1, excluded: { ...noneExcluded, frequency_cap: 2 } });
    expect((await getDatabase().recontactDelivery.findMany({ where: { campaignId } })).map((delivery) => delivery.participantId)).toEqual([yearlyDue.id]);
  });

  it("never exceeds a participant's cap when two campaigns are claimed at the same moment", async () => {
    const facility = await createFacility();
    const now = new Date();
    // Each participant has exactly one message left: yearly with none this year, or as_needed (cap 2) with one.
    const participants = [];
    for (let index = 0; index < 6; index++) {
      const frequency = index % 2 === 0 ? "yearly" : "as_needed";
      const participant = await participantAt(facility.id, { "recontact.research": "yes", "recontact.frequency": frequency });
      if (frequency === "as_needed") await earlierDeliveries(participant.id, [new Date(now.getTime() - 30 * 86_400_000)]);
      participants.push(participant);
    }
    const staff = await elsiStaff();
    const first = await draftCampaign({ facilityIds: [facility.id] });
    const second = await draftCampaign({ facilityIds: [facility.id], kind: "survey" });
    const ids = participants.map((participant) => participant.id);

    // Both claims are in flight, past their campaign's lock and queued at the participants' rows, before either may go on.
    const gate = closeRowGate(db.url, `SELECT 1 FROM "Participant" WHERE "id" = ANY($1::uuid[]) FOR UPDATE`, [ids]);
    const outcomes = await atOnce(gate, [
      () => claimCampaignRecipients({ campaignId: first, actorUserId: staff, request, asNeededCap: 2 }),
      () => claimCampaignRecipients({ campaignId: second, actorUserId: staff, request, asNeededCap: 2 }),
    ]);
    expect(refusals(outcomes)).toEqual([]);
    const claims = succeeded(outcomes);
    expect(claims.reduce((sum, claim) => sum + claim.included, 0)).toBe(participants.length);
    expect(claims.reduce((sum, claim) => sum + claim.excluded.frequency_cap, 0)).toBe(participants.length);

    const perParticipant = await getDatabase().recontactDelivery.groupBy({ by: ["participantId"], where: { campaignId: { in: [first, second] } }, _count: true });
    expect(perParticipant.map((row) => row._count)).toEqual(ids.map(() => 1));
  });

  it("reads a participant's consent as it stands when their delivery is written: a withdrawal in progress is waited for", async () => {
    const facility = await createFacility();
    const leaving = await participantAt(facility.id, { "recontact.research": "yes" });
    const staying = await participantAt(facility.id, { "recontact.research": "yes" });
    const campaignId = await draftCampaign({ facilityIds: [facility.id] });

    // The withdrawal holds the participant's lock and stops at the ledger; the claim then queues behind it.
    const gate = await closeLedgerGate(db.url);
    try {
      const withdrawal = settled(
        withdrawConsent({ participantId: leaving.id, actor: { userId: leaving.user!.id, role: "participant" }, method: "online", language: "ja", request, level: "no_contact" }),
      );
      await gate.waitUntilQueued([withdrawal]);
      const claim = settled(claimCampaignRecipients({ campaignId, actorUserId: await elsiStaff(), request }));
      await gate.openOnceQueued([withdrawal, claim]);
      expect((await withdrawal.promise).ok).toBe(true);
      const outcome = await claim.promise;
      expect(outcome).toMatchObject({ ok: true, value: { matched: 2, included: 1, excluded: { ...noneExcluded, withdrawn_no_contact: 1 } } });
    } finally {
      await gate.open();
    }
    expect((await getDatabase().recontactDelivery.findMany({ where: { campaignId } })).map((delivery) => delivery.participantId)).toEqual([staying.id]);
  });

  it("refuses an unknown campaign in both the preview and the claim", async () => {
    const staff = await elsiStaff();
    for (const campaignId of [randomUUID(), "not-a-uuid", ""]) {
      await expect(previewCampaignAudience({ campaignId })).rejects.toMatchObject({ code: "not_found" });
      await expect(claimCampaignRecipients({ campaignId, actorUserId: staff, request })).rejects.toMatchObject({ code: "not_found" });
    }
  });
});
