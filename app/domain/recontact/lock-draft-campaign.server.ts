import type { Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import type { CampaignFilters } from "./campaign-audience.server";
import { uuidPattern } from "../kernel/index";


/**
 * The campaign's row, locked FOR UPDATE for the rest of the transaction, if it is still a draft: the check and the
 * claim it guards happen under one lock, so a campaign double-submitted is claimed once.
 */
export async function lockDraftCampaign(tx: Transaction, campaignId: string): Promise<CampaignFilters & { id: string }> {
  if (!uuidPattern.test(campaignId)) throw new AppError("not_found");
  const rows = await tx.$queryRaw<{ id: string; state: string }[]>`SELECT "id", "state"::text AS "state" FROM "RecontactCampaign" WHERE "id" = ${campaignId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found");
  if (rows[0]!.state !== "draft") throw new AppError("campaign_not_draft");
  const campaign = await tx.recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } });
  return {
    id: campaign.id,
    kind: campaign.kind,
    facilityIds: campaign.facilityIds,
    programmeArea: campaign.programmeArea,
    enrolmentAgeMin: campaign.enrolmentAgeMin,
    enrolmentAgeMax: campaign.enrolmentAgeMax,
  };
}
