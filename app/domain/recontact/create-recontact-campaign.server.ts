import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { RecontactCampaignSchema, type RecontactCampaignInput } from "./recontact-campaign-schema";

export interface CreateRecontactCampaignOptions {
  campaign: RecontactCampaignInput;
  /** The ELSI staff member writing it. */
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * A draft campaign (ADR 033): nothing is decided about its audience until it is claimed. Input that breaks the schema
 * or names a facility that does not exist is refused as `invalid_input` with nothing written; routes parse with the
 * same schema first, so a person sees the field and the reason.
 */
export async function createRecontactCampaign(options: CreateRecontactCampaignOptions, db: Database = getDatabase()): Promise<{ id: string }> {
  const parsed = RecontactCampaignSchema.safeParse(options.campaign);
  if (!parsed.success) throw new AppError("invalid_input");
  const campaign = parsed.data;
  const facilityIds = [...new Set(campaign.facilityIds)];
  return db.$transaction(async (tx) => {
    if (facilityIds.length > 0 && (await tx.facility.count({ where: { id: { in: facilityIds } } })) !== facilityIds.length) throw new AppError("invalid_input");
    const created = await tx.recontactCampaign.create({
      data: {
        kind: campaign.kind,
        title: campaign.title,
        messageJa: campaign.messageJa,
        messageJaEasy: campaign.messageJaEasy,
        messageEn: campaign.messageEn,
        facilityIds,
        programmeArea: campaign.programmeArea ?? null,
        enrolmentAgeMin: campaign.enrolmentAgeMin ?? null,
        enrolmentAgeMax: campaign.enrolmentAgeMax ?? null,
        createdById: options.actorUserId,
      },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      { type: "recontact_campaign.created", outcome: "success", detail: { campaignId: created.id, kind: campaign.kind } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return created;
  });
}
