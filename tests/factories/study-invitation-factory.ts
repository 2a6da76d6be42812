// Study invitations in their real tables, as the claim of a bridge's answer stores them (issue 57 item 4; ADR 138):
// a campaign, the request it answers and one delivery per participant. The bridge's own record is not written here;
// tests of the bridge's question ask the bridge.
import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";

export interface StudyInvitationRows {
  requestId: string;
  campaignId: string;
  /** Participant id → delivery id. */
  deliveries: Record<string, string>;
}

export async function createStudyInvitation(options: {
  approvalId: string;
  participantIds: readonly string[];
  registry?: string;
  studyId?: string;
  gene?: string;
  origin?: "somatic" | "germline";
  createdById: string;
  claimedAt?: Date;
}): Promise<StudyInvitationRows> {
  const db = getDatabase();
  const claimedAt = options.claimedAt ?? new Date();
  const campaign = await db.recontactCampaign.create({
    data: { kind: "clinical_trial", title: "ゲノムで選ばれた研究", messageJa: "研究へのお誘い", messageJaEasy: "研究の お誘い", messageEn: "A study invitation", facilityIds: [], state: "sent", createdById: options.createdById },
  });
  const request = await db.studyInvitationRequest.create({
    data: {
      id: randomUUID(),
      approvalId: options.approvalId,
      registry: options.registry ?? "jRCT",
      studyId: options.studyId ?? "jRCT2031240001",
      gene: options.gene ?? "EGFR",
      origin: options.origin ?? "somatic",
      asked: options.participantIds.length,
      invitable: options.participantIds.length,
      invited: options.participantIds.length,
      askedAt: claimedAt,
      campaignId: campaign.id,
      claimedAt,
    },
  });
  const deliveries: Record<string, string> = {};
  for (const participantId of options.participantIds) {
    const delivery = await db.recontactDelivery.create({ data: { campaignId: campaign.id, participantId, channel: "email", claimedAt } });
    deliveries[participantId] = delivery.id;
  }
  return { requestId: request.id, campaignId: campaign.id, deliveries };
}
