import { getDatabase, type Database, type Transaction } from "../../db.server";
import { getEnv } from "../../env.server";
import { recordAuditEvent } from "../kernel/index.server";
import { decideCampaignAudience, lockCampaignParticipants, mailLogUndeliverable, type CampaignAudienceCounts, type UndeliverableCondition } from "./campaign-audience.server";
import { lockDraftCampaign } from "./lock-draft-campaign.server";

export interface ClaimCampaignRecipientsOptions {
  campaignId: string;
  /** The ELSI staff member sending the campaign. */
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
  /** A fixed time (tests); otherwise the clock, read once every participant's lock is held. */
  now?: Date;
  /** RECONTACT_AS_NEEDED_CAP unless given. */
  asNeededCap?: number;
  /** Which addresses are known undeliverable; the mail log's unless given. */
  undeliverable?: UndeliverableCondition;
  /** Runs in the claim's transaction before it commits (the send enqueues its dispatch job here). */
  whenClaimed?: (tx: Transaction, claimed: ClaimedCampaign) => Promise<void>;
}

export interface ClaimedCampaign extends CampaignAudienceCounts {
  campaignId: string;
  claimedAt: Date;
}

/**
 * Decides a draft campaign's audience and writes one RecontactDelivery per participant included, in one transaction,
 * so that sending is a later step that only reads deliveries (ADR 033). The campaign leaves draft (a second claim is
 * refused) and one audit row records the counts.
 *
 * The frequency cap counts deliveries from the moment they are claimed, and it is read with every matched
 * participant's row locked (FOR NO KEY UPDATE, in id order, one statement): a second campaign claimed at the same
 * time waits at the first shared participant until this one commits, then reads its deliveries — so two sends racing
 * never exceed a participant's cap — and a consent change for one of them waits too, so the consent each verdict
 * reads is the participant's consent when their delivery is written.
 */
export async function claimCampaignRecipients(options: ClaimCampaignRecipientsOptions, db: Database = getDatabase()): Promise<ClaimedCampaign> {
  const asNeededCap = options.asNeededCap ?? getEnv().RECONTACT_AS_NEEDED_CAP;
  return db.$transaction(
    async (tx) => {
      // Campaign first, then participants: nothing locks them the other way round, so nothing waits in a circle.
      const campaign = await lockDraftCampaign(tx, options.campaignId);
      const participantIds = await lockCampaignParticipants(tx, campaign);
      // Read once every lock is held: the cap is judged at the moment the deliveries are written.
      const now = options.now ?? new Date();
      const { counts, recipients } = await decideCampaignAudience(tx, campaign, { ids: participantIds }, {
        now,
        asNeededCap,
        undeliverable: options.undeliverable ?? mailLogUndeliverable,
        withRecipients: true,
      });
      if (recipients.length > 0) {
        const ids = recipients.map((recipient) => recipient.participantId);
        const channels = recipients.map((recipient) => recipient.channel);
        await tx.$executeRaw`
          INSERT INTO "RecontactDelivery" ("id", "campaignId", "participantId", "channel", "claimedAt")
          SELECT gen_random_uuid(), ${campaign.id}::uuid, claimed."participantId", claimed."channel"::"RecontactChannel", ${now}::timestamptz
            FROM unnest(${ids}::uuid[], ${channels}::text[]) AS claimed("participantId", "channel")`;
      }
      await tx.recontactCampaign.update({ where: { id: campaign.id }, data: { state: "sending", sentById: options.actorUserId, sentAt: now } });
      await recordAuditEvent(
        tx,
        {
          type: "recontact_campaign.recipients_claimed",
          outcome: "success",
          detail: { campaignId: campaign.id, kind: campaign.kind, matched: counts.matched, included: counts.included, excluded: counts.excluded },
        },
        { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
      );
      const claimed = { campaignId: campaign.id, claimedAt: now, ...counts };
      await options.whenClaimed?.(tx, claimed);
      return claimed;
    },
    // A national cohort is ~100,000 participants: two statements and one insert, but well past Prisma's 5 s default.
    { timeout: 60_000, maxWait: 10_000 },
  );
}
