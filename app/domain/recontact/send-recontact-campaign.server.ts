import { getDatabase, type Database, type Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { enqueueJob } from "../jobs/index.server";
import { uuidPattern } from "../kernel/index";
import { claimCampaignRecipients, type ClaimCampaignRecipientsOptions, type ClaimedCampaign } from "./claim-campaign-recipients.server";

/** The claim's options: the send adds only its dispatch job, in the claim's transaction. */
export type SendRecontactCampaignOptions = Omit<ClaimCampaignRecipientsOptions, "whenClaimed"> & {
  /**
   * The state the sender saw (issue 29 item 6): a draft's send was confirmed with its count, a sending one is only
   * resumed. A campaign found in another state is refused, so a resume can never claim a draft's audience unconfirmed.
   */
  expectedState?: "draft" | "sending";
};

export interface SentCampaign {
  campaignId: string;
  /** The claim's counts; null when the campaign had been claimed before (a send resumed after a failure). */
  claimed: ClaimedCampaign | null;
}

/** One waiting dispatch job per campaign: a second "Finish sending" replaces the waiting one instead of adding. */
function enqueueDispatch(tx: Transaction, campaignId: string): Promise<string> {
  return enqueueJob(tx, "recontact.dispatch", { campaignId }, { jobKey: `recontact.dispatch:${campaignId}` });
}

/**
 * "Send" on a campaign (ADR 035): claim its audience (claimCampaignRecipients, ADR 033: draft → sending) and, in the
 * claim's own transaction, enqueue the `recontact.dispatch` job that makes the links and queues the messages
 * (dispatchRecontactCampaign). It returns once the claim commits — a national audience's messages are queued by the
 * worker in batches, not inside this request — and a crash after the commit loses nothing: the job commits with the
 * claim. A campaign left `sending` (its job parked, say) is resumed by enqueueing the job again; the job gives links
 * only to deliveries still without one, so nobody receives two.
 */
export async function sendRecontactCampaign(options: SendRecontactCampaignOptions, db: Database = getDatabase()): Promise<SentCampaign> {
  if (!uuidPattern.test(options.campaignId)) throw new AppError("not_found");
  const before = await db.recontactCampaign.findUnique({ where: { id: options.campaignId }, select: { state: true } });
  if (!before) throw new AppError("not_found");
  if (before.state === "sent") throw new AppError("campaign_not_draft");
  if (options.expectedState !== undefined && before.state !== options.expectedState) throw new AppError("campaign_changed_meanwhile");
  if (before.state === "sending") {
    await db.$transaction(async (tx) => {
      // Checked again under the row's lock: the job may have finished a moment ago.
      const rows = await tx.$queryRaw<{ state: string }[]>`SELECT "state"::text AS "state" FROM "RecontactCampaign" WHERE "id" = ${options.campaignId}::uuid FOR UPDATE`;
      if (rows[0]?.state !== "sending") throw new AppError("campaign_not_draft");
      await enqueueDispatch(tx, options.campaignId);
    });
    return { campaignId: options.campaignId, claimed: null };
  }
  const { expectedState: _expected, ...claim } = options;
  const claimed = await claimCampaignRecipients({ ...claim, whenClaimed: (tx) => enqueueDispatch(tx, options.campaignId).then(() => undefined) }, db);
  return { campaignId: options.campaignId, claimed };
}
