// Home and the consent page read everyone a person acts for, and each one's facts, in one statement
// (readSubjectsWithFacts, issue 30). It must name the same people in the same order as consentSubjectsOf — the rule of
// who may act for whom — and each one's facts as the tables hold them, on the plain pool and inside a transaction alike.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { consentSubjectsOf } from "../../app/domain/consent/participants/consent-subjects.server";
import { readSubjectsWithFacts } from "../../app/domain/consent/participants/read-subject-facts.server";
import { projectionFromRow } from "../../app/domain/consent/ledger/ledger-rows";
import { createParticipant } from "../factories/participant-factory";
import { createFamilyAccess } from "../factories/family-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

useTempDataDir();
useTestDatabase();

describe("[participant, proxy] everyone a person acts for, with their facts", () => {
  it("names the people consentSubjectsOf names, in its order, each with their own consent, requests, paused family and findings", async () => {
    const db = getDatabase();
    // A participant who is also the proxy of two children: one consented (by the proxy), one not yet; a third
    // assignment ended, so no longer theirs.
    const self = await consentedParticipant({ fullName: "山田 花子" });
    const userId = self.user!.id;
    const consentedChild = await consentedParticipant({ byProxy: true, fullName: "山田 さくら" });
    const newChild = await createParticipant({ withAccount: false, fullName: "山田 はると" });
    const formerChild = await createParticipant({ withAccount: false, fullName: "山田 一" });
    const assign = (participantId: string, startedAt: Date, endedAt: Date | null = null) =>
      db.proxyAssignment.create({ data: { participantId, proxyUserId: userId, fullName: "山田 花子", email: self.email, relationship: "parent", startedAt, endedAt } });
    await db.proxyAssignment.updateMany({ where: { participantId: consentedChild.id }, data: { proxyUserId: userId, startedAt: new Date("2026-03-01T00:00:00Z") } });
    await assign(newChild.id, new Date("2026-01-01T00:00:00Z"));
    await assign(formerChild.id, new Date("2025-01-01T00:00:00Z"), new Date("2026-02-01T00:00:00Z"));

    // The participant's own facts: a request sent and not answered, one answered; a paused family access; a finding.
    const staff = await db.user.create({ data: { email: `staff-${Date.now()}@example.test`, displayName: "Staff", role: "elsi_staff" } });
    const campaign = await db.recontactCampaign.create({
      data: { kind: "new_study", title: "研究のご案内", messageJa: "ご案内", messageJaEasy: "ごあんない", messageEn: "An invitation", state: "sent", createdById: staff.id, sentById: staff.id, sentAt: new Date() },
    });
    const firstSent = new Date("2026-11-01T00:00:00Z");
    await db.recontactDelivery.create({ data: { campaignId: campaign.id, participantId: self.id, channel: "email", claimedAt: firstSent, sentAt: firstSent } });
    const other = await db.recontactCampaign.create({
      data: { kind: "new_study", title: "二通目", messageJa: "ご案内", messageJaEasy: "ごあんない", messageEn: "An invitation", state: "sent", createdById: staff.id, sentById: staff.id, sentAt: new Date() },
    });
    await db.recontactDelivery.create({ data: { campaignId: other.id, participantId: self.id, channel: "email", claimedAt: new Date(), sentAt: new Date(), answeredAt: new Date(), answer: "interested", tokenUsedAt: new Date() } });
    const follower = await createFamilyAccess({ participantId: self.id, invitedById: userId, scope: "updates_and_summary" });
    await db.familyAccess.updateMany({ where: { participantId: self.id, familyUserId: follower.id }, data: { pausedAt: new Date() } });

    for (const client of [undefined, "transaction"] as const) {
      const read =
        client === undefined ? await readSubjectsWithFacts(userId) : await db.$transaction((tx) => readSubjectsWithFacts(userId, tx as unknown as typeof db));
      expect(read.map((entry) => entry.subject)).toEqual(await consentSubjectsOf(userId));
      expect(read.map((entry) => entry.subject.participantId)).toEqual([self.id, newChild.id, consentedChild.id]);
      const [own, unconsented, child] = read.map((entry) => entry.facts);
      // The consent as the pages read it (projectionFromRow), from this read and from Prisma's own row.
      const stateOf = async (participantId: string) => projectionFromRow(await db.consentState.findUniqueOrThrow({ where: { participantId } }));
      expect({ ...own!, consent: projectionFromRow(own!.consent!) }).toEqual({
        participantId: self.id,
        consent: await stateOf(self.id),
        recontact: { count: 1, since: firstSent },
        familyPaused: 1,
        hasFindings: false,
        provisionNoticeGiven: false,
        // No re-consent pending: no deadline (tests/integration/reconsent-deadline.test.ts reads one through both pages).
        reconsentDeadline: null,
      });
      expect(unconsented).toEqual({ participantId: newChild.id, consent: null, recontact: { count: 0, since: null }, familyPaused: 0, hasFindings: false, provisionNoticeGiven: false, reconsentDeadline: null });
      expect(projectionFromRow(child!.consent!)).toEqual(await stateOf(consentedChild.id));
      expect(child!.consent!.consentedBy).toBe("proxy");
    }
  });
});
