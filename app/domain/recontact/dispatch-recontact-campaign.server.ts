import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { recordAuditEvent } from "../kernel/index.server";
import { dispatchCampaignDeliveries, type CampaignDispatch, type DispatchCampaignDeliveries } from "./dispatch-campaign-deliveries.server";
import { newResponseToken } from "./response-token.server";

/**
 * Deliveries given their links in one transaction. Large enough that a national campaign (50,000 messages) is a
 * hundred short transactions, small enough that each holds the campaign's row lock for well under a second.
 */
export const DISPATCH_BATCH_SIZE = 500;

export interface DispatchRecontactCampaignOptions {
  /** The seam each batch is handed to; dispatchCampaignDeliveries unless given (tests read the tokens here). */
  dispatch?: DispatchCampaignDeliveries;
  batchSize?: number;
}

export interface DispatchedCampaign {
  /** False when there was nothing to do: the campaign is not being sent (a draft, or already sent). */
  dispatched: boolean;
  /** Deliveries given a link by this call, by channel. */
  email: number;
  post: number;
}

/**
 * The `recontact.dispatch` job (ADR 035): for a campaign whose audience has been claimed (`sending`), gives every
 * e-mail delivery without one a single-use response token — its SHA-256 stored, the token itself only handed to the
 * dispatch seam, which queues the e-mail in the same transaction — a batch per transaction, then marks the campaign
 * `sent` with an audit row of its counts by channel (letters wait for staff to print them).
 *
 * Every batch locks the campaign's row and takes only deliveries still without a token, so a job that dies half-way
 * and is retried, or two jobs for the same campaign, never give anyone two links; a batch that fails rolls back its
 * tokens and its mail together.
 */
export async function dispatchRecontactCampaign(campaignId: string, options: DispatchRecontactCampaignOptions = {}, db: Database = getDatabase()): Promise<DispatchedCampaign> {
  const dispatch = options.dispatch ?? dispatchCampaignDeliveries;
  const batchSize = options.batchSize ?? DISPATCH_BATCH_SIZE;
  const total = { dispatched: false, email: 0, post: 0 };
  for (;;) {
    const batch = await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ state: string; sentById: string | null }[]>`
          SELECT "state"::text AS "state", "sentById"::text AS "sentById" FROM "RecontactCampaign" WHERE "id" = ${campaignId}::uuid FOR UPDATE`;
        const campaign = rows[0];
        if (campaign?.state !== "sending") return { finished: true, email: 0, post: 0, active: false };
        // E-mails only: a letter's link is made when staff print it (printRecontactLetters), so it is never stored.
        const pending = await tx.recontactDelivery.findMany({
          where: { campaignId, responseTokenHash: null, channel: "email" },
          select: { id: true, channel: true, participant: { select: { identity: { select: { preferredLanguage: true } } } } },
          orderBy: { id: "asc" },
          take: batchSize,
        });
        const deliveries: CampaignDispatch[] = [];
        const hashes: Buffer[] = [];
        for (const delivery of pending) {
          const { token, hash } = newResponseToken();
          hashes.push(Buffer.from(hash));
          deliveries.push({ deliveryId: delivery.id, token, language: fromStoredLanguage(delivery.participant.identity?.preferredLanguage ?? "ja"), channel: delivery.channel });
        }
        if (deliveries.length > 0) {
          await tx.$executeRaw`
            UPDATE "RecontactDelivery" d SET "responseTokenHash" = issued."hash"
              FROM unnest(${deliveries.map((d) => d.deliveryId)}::uuid[], ${hashes}::bytea[]) AS issued("id", "hash")
             WHERE d."id" = issued."id" AND d."responseTokenHash" IS NULL`;
          await dispatch(tx, { campaignId, deliveries });
        }
        const email = deliveries.filter((d) => d.channel === "email").length;
        const post = deliveries.length - email;
        if (pending.length === batchSize) return { finished: false, email, post, active: true };
        // The last batch: every delivery has its link. The counts are the campaign's, however many jobs it took.
        const [sent] = await tx.$queryRaw<{ email: number; post: number }[]>`
          SELECT count(*) FILTER (WHERE "channel" = 'email')::int AS "email", count(*) FILTER (WHERE "channel" = 'post')::int AS "post"
            FROM "RecontactDelivery" WHERE "campaignId" = ${campaignId}::uuid`;
        await tx.recontactCampaign.update({ where: { id: campaignId }, data: { state: "sent" } });
        await recordAuditEvent(
          tx,
          { type: "recontact_campaign.dispatched", outcome: "success", detail: { campaignId, email: sent!.email, post: sent!.post } },
          // The job acts for whoever sent the campaign.
          { actorUserId: campaign.sentById },
        );
        return { finished: true, email, post, active: true };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    total.dispatched ||= batch.active;
    total.email += batch.email;
    total.post += batch.post;
    if (batch.finished) return total;
  }
}
