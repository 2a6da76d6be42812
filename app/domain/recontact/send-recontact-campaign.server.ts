import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event.server";
import { claimCampaignRecipients, type ClaimedCampaign } from "./claim-campaign-recipients.server";
import type { UndeliverableCondition } from "./campaign-audience.server";
import { dispatchCampaignDeliveries, type CampaignDispatch, type DispatchCampaignDeliveries } from "./dispatch-campaign-deliveries.server";
import { newResponseToken } from "./response-token.server";
import { uuidPattern } from "../uuid";


export interface SendRecontactCampaignOptions {
  campaignId: string;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
  now?: Date;
  asNeededCap?: number;
  undeliverable?: UndeliverableCondition;
  /** The seam the deliveries are handed to; dispatchCampaignDeliveries unless given (tests read the tokens here). */
  dispatch?: DispatchCampaignDeliveries;
}

export interface SentCampaign {
  campaignId: string;
  /** The claim's counts; null when the campaign had been claimed before (a send resumed after a failure). */
  claimed: ClaimedCampaign | null;
  dispatched: { email: number; post: number };
}

/**
 * "Send" on a campaign (ADR 035): claim its audience (claimCampaignRecipients, ADR 033), then, in a second
 * transaction, make each delivery's single-use response token, store its hash and hand the batch to the dispatch
 * seam, and mark the campaign sent. A draft is claimed; a campaign left `sending` (the process stopped between the
 * two) is resumed: only deliveries without a token are dispatched, so nobody receives two links.
 */
export async function sendRecontactCampaign(options: SendRecontactCampaignOptions, db: Database = getDatabase()): Promise<SentCampaign> {
  if (!uuidPattern.test(options.campaignId)) throw new AppError("not_found");
  const before = await db.recontactCampaign.findUnique({ where: { id: options.campaignId }, select: { state: true } });
  if (!before) throw new AppError("not_found");
  if (before.state === "sent") throw new AppError("campaign_not_draft");
  const claimed =
    before.state === "draft"
      ? await claimCampaignRecipients(
          { campaignId: options.campaignId, actorUserId: options.actorUserId, request: options.request, now: options.now, asNeededCap: options.asNeededCap, undeliverable: options.undeliverable },
          db,
        )
      : null;
  const dispatch = options.dispatch ?? dispatchCampaignDeliveries;
  const dispatched = await db.$transaction(
    async (tx) => {
      // The campaign's row lock serialises two "send" clicks: the second finds it sent and stops.
      const rows = await tx.$queryRaw<{ state: string }[]>`SELECT "state"::text AS "state" FROM "RecontactCampaign" WHERE "id" = ${options.campaignId}::uuid FOR UPDATE`;
      if (rows[0]?.state !== "sending") throw new AppError("campaign_not_draft");
      const pending = await tx.recontactDelivery.findMany({
        where: { campaignId: options.campaignId, responseTokenHash: null },
        select: { id: true, channel: true, participant: { select: { identity: { select: { preferredLanguage: true } } } } },
        orderBy: { id: "asc" },
      });
      const deliveries: CampaignDispatch[] = [];
      const ids: string[] = [];
      const hashes: Uint8Array<ArrayBuffer>[] = [];
      for (const delivery of pending) {
        const { token, hash } = newResponseToken();
        ids.push(delivery.id);
        hashes.push(hash);
        deliveries.push({ deliveryId: delivery.id, token, language: fromStoredLanguage(delivery.participant.identity?.preferredLanguage ?? "ja"), channel: delivery.channel });
      }
      if (ids.length > 0) {
        await tx.$executeRaw`
          UPDATE "RecontactDelivery" d SET "responseTokenHash" = issued."hash"
            FROM unnest(${ids}::uuid[], ${hashes.map((hash) => Buffer.from(hash))}::bytea[]) AS issued("id", "hash")
           WHERE d."id" = issued."id" AND d."responseTokenHash" IS NULL`;
      }
      await dispatch(tx, { campaignId: options.campaignId, deliveries });
      await tx.recontactCampaign.update({ where: { id: options.campaignId }, data: { state: "sent" } });
      const counts = { email: deliveries.filter((d) => d.channel === "email").length, post: deliveries.filter((d) => d.channel === "post").length };
      await recordAuditEvent(
        tx,
        { type: "recontact_campaign.dispatched", outcome: "success", detail: { campaignId: options.campaignId, ...counts } },
        { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
      );
      return counts;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { campaignId: options.campaignId, claimed, dispatched };
}
