import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { AppError } from "../kernel/index";
import { compactCohortCounts } from "../consent/index.server";
import { mailLogUndeliverable, type CampaignAudienceCounts, type UndeliverableCondition } from "./campaign-audience.server";
import { countCampaignAudience } from "./count-campaign-audience.server";
import { uuidPattern } from "../kernel/index";


export interface PreviewCampaignAudienceOptions {
  campaignId: string;
  now?: Date;
  asNeededCap?: number;
  undeliverable?: UndeliverableCondition;
}

/**
 * The counts claiming the campaign now would give — matched, included, excluded by reason — without locking or
 * writing anything (ADR 033). Read in one REPEATABLE READ snapshot so the counts agree with each other; a claim
 * later may differ by whatever changed in between. Counted by consent shape and exceptions (ADR 074), after the
 * cohort counts' appended differences are folded (housekeeping outside the snapshot, which changes no count).
 */
export async function previewCampaignAudience(options: PreviewCampaignAudienceOptions, db: Database = getDatabase()): Promise<CampaignAudienceCounts> {
  const asNeededCap = options.asNeededCap ?? getEnv().RECONTACT_AS_NEEDED_CAP;
  await compactCohortCounts(db);
  return db.$transaction(
    async (tx) => {
      // Nothing here may write: PostgreSQL refuses it, should a later change try.
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      const campaign = uuidPattern.test(options.campaignId) ? await tx.recontactCampaign.findUnique({ where: { id: options.campaignId } }) : null;
      if (!campaign) throw new AppError("not_found");
      return countCampaignAudience(tx, campaign, {
        now: options.now ?? new Date(),
        asNeededCap,
        undeliverable: options.undeliverable ?? mailLogUndeliverable,
      });
    },
    { isolationLevel: "RepeatableRead", timeout: 60_000, maxWait: 10_000 },
  );
}
