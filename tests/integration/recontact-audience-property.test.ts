// The audience a claim writes, for random cohorts (issue 13 item 5; ADR 033): what the database holds — consent
// projections, birth dates, proxies, addresses, earlier campaign messages — read back through the claim's grouped SQL
// must give, participant by participant, what an independent oracle in this file says.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { Prisma } from "../../app/generated/prisma/client";
import { recontactCampaignKinds, type AudienceExclusionReason, type RecontactCampaignKind } from "../../app/domain/recontact/audience-verdict";
import { claimCampaignRecipients } from "../../app/domain/recontact/claim-campaign-recipients.server";
import { previewCampaignAudience } from "../../app/domain/recontact/preview-campaign-audience.server";
import { createFacility } from "../factories/facility-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const DAY = 86_400_000;

interface Case {
  consent: null | {
    status: "active" | "reconsent_required" | "withdrawn";
    withdrawalLevel: "no_contact" | "no_further_use" | "destroy";
    research: "yes" | "no";
    findingsUpdate: "yes" | "no";
    channel: "email" | "post" | "phone" | undefined;
    frequency: "once_only" | "yearly" | "as_needed" | "weekly" | undefined;
    consentedBy: "self" | "proxy";
    /** A death or loss of capacity the clinic recorded (ADR 143), and what the person chose for it. */
    lifeEvent: null | { kind: "death" | "incapacity"; disposition: "keep_using" | "stop_new_use" | "destroy" | undefined };
  };
  hasEmail: boolean;
  minor: boolean;
  proxy: "none" | "active" | "ended";
  bounced: boolean;
  /** Days before now of earlier campaign messages: far from the 12-month edge either way. */
  previousDaysAgo: (10 | 200 | 400 | 800)[];
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  consent: fc.option(
    fc.record({
      status: fc.constantFrom("active", "reconsent_required", "withdrawn"),
      withdrawalLevel: fc.constantFrom("no_contact", "no_further_use", "destroy"),
      research: fc.constantFrom("yes", "no"),
      findingsUpdate: fc.constantFrom("yes", "no"),
      channel: fc.constantFrom("email", "post", "phone", undefined),
      frequency: fc.constantFrom("once_only", "yearly", "as_needed", "weekly", undefined),
      consentedBy: fc.constantFrom("self", "proxy"),
      lifeEvent: fc.option(fc.record({ kind: fc.constantFrom("death", "incapacity"), disposition: fc.constantFrom("keep_using", "stop_new_use", "destroy", undefined) }), { nil: null, freq: 4 }),
    }),
    { nil: null },
  ),
  hasEmail: fc.boolean(),
  minor: fc.boolean(),
  proxy: fc.constantFrom("none", "active", "ended"),
  bounced: fc.boolean(),
  previousDaysAgo: fc.uniqueArray(fc.constantFrom(10, 200, 400, 800), { maxLength: 4 }),
});

type Expected = { included: true; channel: "email" | "post" } | { included: false; reason: AudienceExclusionReason };

/** The rules, written out again from the raw case. */
function oracle(entry: Case, kind: RecontactCampaignKind, cap: number): Expected {
  const { consent } = entry;
  if (!consent) return { included: false, reason: "declined" };
  if (consent.status === "withdrawn") return { included: false, reason: "withdrawn_no_contact" };
  // Whatever they chose for such a time, nothing reaches a person who died or lost capacity.
  if (consent.lifeEvent) return { included: false, reason: "life_event" };
  const topicChoice = kind === "findings_reinterpretation" ? consent.findingsUpdate : consent.research;
  if (topicChoice !== "yes") return { included: false, reason: "declined" };
  if (consent.consentedBy === "proxy" || entry.proxy === "active" || entry.minor) return { included: false, reason: "proxy_needed" };
  const channel = consent.channel === "email" ? "email" : consent.channel === "post" || consent.channel === "phone" ? "post" : entry.hasEmail ? "email" : "post";
  if (channel === "email" && (!entry.hasEmail || entry.bounced)) return { included: false, reason: "undeliverable" };
  const inYear = entry.previousDaysAgo.filter((days) => days < 365).length;
  const allowed =
    consent.frequency === "as_needed" ? inYear < cap : consent.frequency === "yearly" ? inYear === 0 : entry.previousDaysAgo.length === 0;
  return allowed ? { included: true, channel } : { included: false, reason: "frequency_cap" };
}

async function seed(facilityId: string, entries: Case[], pastCampaigns: string[], now: Date): Promise<string[]> {
  const db = getDatabase();
  const ids: string[] = [];
  for (const entry of entries) {
    const birth = new Date(now.getTime() - (entry.minor ? 10 : 40) * 365.25 * DAY);
    const participant = await db.participant.create({
      data: {
        pseudonym: `TGP-${randomUUID().slice(0, 13).toUpperCase()}`,
        facilityId,
        identity: { create: { fullName: "山田 花子", dateOfBirth: new Date(birth.toISOString().slice(0, 10)), email: entry.hasEmail ? `p-${randomUUID()}@test.tsunagi.test` : null } },
      },
    });
    ids.push(participant.id);
    const { consent } = entry;
    if (consent) {
      const choices: Record<string, string> = { "core.wgs": "yes", "recontact.research": consent.research, "recontact.findings_update": consent.findingsUpdate };
      if (consent.channel) choices["recontact.channel"] = consent.channel;
      if (consent.frequency) choices["recontact.frequency"] = consent.frequency;
      if (consent.lifeEvent?.disposition) choices["disposition.life_event"] = consent.lifeEvent.disposition;
      await db.consentState.create({
        data: {
          participantId: participant.id,
          status: consent.status,
          choices,
          permittedPurposes: ["DUO:0000006"],
          withdrawalLevel: consent.status === "withdrawn" ? consent.withdrawalLevel : null,
          interimRule: consent.status === "reconsent_required" ? "pause_new_uses" : null,
          consentedBy: consent.consentedBy,
          ...(consent.lifeEvent ? { lifeEvent: { kind: consent.lifeEvent.kind, on: now.toISOString().slice(0, 10) } } : {}),
          lastEventId: randomUUID(),
          version: 1,
          updatedAt: now,
        },
      });
    }
    if (entry.proxy !== "none") {
      await db.proxyAssignment.create({
        data: { participantId: participant.id, fullName: "山田 一郎", email: `proxy-${randomUUID()}@test.tsunagi.test`, relationship: "parent", endedAt: entry.proxy === "ended" ? now : null },
      });
    }
    for (const [index, days] of entry.previousDaysAgo.entries()) {
      await db.recontactDelivery.create({ data: { campaignId: pastCampaigns[index]!, participantId: participant.id, channel: "email", claimedAt: new Date(now.getTime() - days * DAY) } });
    }
  }
  return ids;
}

describe("[ELSI staff] a claimed campaign's audience, for random cohorts", () => {
  it("includes and excludes each participant exactly as the oracle says, and the preview gave the same counts", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const campaign = (kind: RecontactCampaignKind, facilityIds: string[]) =>
      getDatabase().recontactCampaign.create({
        data: { kind, title: "Property", messageJa: "お知らせ", messageJaEasy: "おしらせ", messageEn: "News", facilityIds, createdById: staff.id },
      });
    await fc.assert(
      fc.asyncProperty(fc.array(caseArbitrary, { minLength: 1, maxLength: 8 }), fc.constantFrom(...recontactCampaignKinds), fc.integer({ min: 1, max: 3 }), async (entries, kind, cap) => {
        const facility = await createFacility();
        const now = new Date();
        const pastCampaigns = [];
        for (let index = 0; index < 4; index++) pastCampaigns.push((await campaign("survey", [facility.id])).id);
        await getDatabase().recontactCampaign.updateMany({ where: { id: { in: pastCampaigns } }, data: { state: "sent" } });
        const ids = await seed(facility.id, entries, pastCampaigns, now);
        const bounced = ids.filter((_, index) => entries[index]!.bounced);
        const undeliverable = Prisma.sql`SELECT unnest(${bounced}::uuid[])`;

        const expected = entries.map((entry) => oracle(entry, kind, cap));
        const excluded = { withdrawn_no_contact: 0, life_event: 0, declined: 0, proxy_needed: 0, undeliverable: 0, frequency_cap: 0 };
        for (const verdict of expected) if (!verdict.included) excluded[verdict.reason] += 1;
        const counts = { matched: entries.length, included: expected.filter((verdict) => verdict.included).length, excluded };

        const { id } = await campaign(kind, [facility.id]);
        expect(await previewCampaignAudience({ campaignId: id, undeliverable, asNeededCap: cap, now })).toEqual(counts);
        expect(await claimCampaignRecipients({ campaignId: id, actorUserId: staff.id, undeliverable, asNeededCap: cap, now })).toMatchObject(counts);
        const deliveries = await getDatabase().recontactDelivery.findMany({ where: { campaignId: id } });
        const written = new Map(deliveries.map((delivery) => [delivery.participantId, delivery.channel]));
        expect(ids.map((participantId) => written.get(participantId) ?? null)).toEqual(expected.map((verdict) => (verdict.included ? verdict.channel : null)));
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
