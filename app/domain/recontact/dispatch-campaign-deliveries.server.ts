import type { Transaction } from "../../db.server";
import { getEnv } from "../../env.server";
import { enqueueMail } from "../mail/index.server";
import type { SupportedLanguage } from "../../i18n/languages";
import type { RecontactChannel } from "./delivery-channel";

/**
 * One campaign message ready to leave (ADR 035): the delivery, its single-use response token in clear (this is the
 * only moment it exists: the database keeps its SHA-256), the language the participant reads, and how it goes.
 */
export interface CampaignDispatch {
  deliveryId: string;
  token: string;
  language: SupportedLanguage;
  channel: RecontactChannel;
}

export interface DispatchCampaignDeliveries {
  (tx: Transaction, batch: { campaignId: string; deliveries: readonly CampaignDispatch[] }): Promise<void>;
}

/**
 * Sends a campaign's messages (ADR 035; issue 13 items 1–2 behind it). Called inside the transaction that stores the
 * tokens' hashes, once per campaign send, with every delivery not yet dispatched. For each `email` delivery it queues
 * the campaign's message in the participant's language with their answer link (enqueueMail: a row in the delivery
 * log and a `mail.deliver` job in this same transaction), so a message exists exactly when its token's hash does;
 * the mail job sends it and the results page reads its state from the log. The link is a bearer secret for one
 * answer: it sits in the message's stored props only until the message is delivered. `post` deliveries never come
 * here: their links are made when staff print the letters (printRecontactLetters).
 */
export const dispatchCampaignDeliveries: DispatchCampaignDeliveries = async (tx, batch) => {
  const emails = batch.deliveries.filter((delivery) => delivery.channel === "email");
  if (emails.length === 0) return;
  const campaign = await tx.recontactCampaign.findUniqueOrThrow({ where: { id: batch.campaignId }, select: { messageJa: true, messageJaEasy: true, messageEn: true } });
  const messageIn: Record<SupportedLanguage, string> = { ja: campaign.messageJa, "ja-easy": campaign.messageJaEasy, en: campaign.messageEn };
  const rows = await tx.recontactDelivery.findMany({
    where: { id: { in: emails.map((delivery) => delivery.deliveryId) } },
    select: { id: true, participantId: true, participant: { select: { identity: { select: { email: true, fullName: true, erasedAt: true } } } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const appUrl = getEnv().APP_URL;
  for (const delivery of emails) {
    const row = byId.get(delivery.deliveryId);
    const identity = row?.participant.identity;
    // The audience counted a missing address as undeliverable; an address erased since is skipped the same way.
    if (!row || !identity?.email || identity.erasedAt) continue;
    await enqueueMail(
      {
        to: identity.email,
        language: delivery.language,
        template: "recontact-message",
        props: { name: identity.fullName, message: messageIn[delivery.language], url: new URL(`/recontact/respond/${delivery.token}`, appUrl).toString() },
        participantId: row.participantId,
        sourceKey: `recontact:${delivery.deliveryId}`,
        // Asked again when it leaves: a withdrawal or "no research contact" since the claim withholds it.
        contactCheck: { kind: "recontact_delivery", deliveryId: delivery.deliveryId },
      },
      tx,
    );
  }
};
