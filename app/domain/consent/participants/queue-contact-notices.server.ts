import { createHash } from "node:crypto";
import type { ConsentNoticeKind } from "../../../../emails/templates/consent-notice";
import type { Transaction } from "../../../db.server";
import { getEnv } from "../../../env.server";
import type { ContactCheck } from "../../mail";
import { enqueueMail, type MailAttachmentRef } from "../../mail/index.server";
import { participantContacts } from "./participant-contacts.server";

/**
 * Queues one consent notice of `kind` to the participant and every current proxy, each in their own language, with a
 * link to the consent page. `sourceKey` names what the notice is about; with the contact it makes the message's key,
 * so a producer that runs twice (a retried job, a retried step) queues each notice once. With `coalesce`, each
 * contact's notice waits out a quiet period and a notice of the same key still waiting is postponed instead of a new
 * one written (ADR 122: a counsellor moving an appointment seven times sends one mail, not seven).
 */
export async function queueContactNotices(
  tx: Transaction,
  notice: { participantId: string; kind: ConsentNoticeKind; sourceKey: string; attachments?: MailAttachmentRef[]; contactCheck?: ContactCheck; coalesce?: { key: string; after: Date } },
): Promise<void> {
  const url = new URL("/consent", getEnv().APP_URL).toString();
  const receiptCheckUrl = notice.attachments?.some((ref) => ref.kind === "consent-receipt") ? new URL("/consent-receipts/verify", getEnv().APP_URL).toString() : undefined;
  for (const contact of await participantContacts(notice.participantId, tx)) {
    await enqueueMail(
      {
        to: contact.email,
        language: contact.language,
        template: "consent-notice",
        props: { kind: notice.kind, name: contact.name, ...(contact.about ? { about: contact.about } : {}), url, ...(receiptCheckUrl ? { receiptCheckUrl } : {}) },
        participantId: notice.participantId,
        userId: contact.userId,
        attachments: notice.attachments ?? [],
        sourceKey: `${notice.sourceKey}:${contact.as}:${contact.email.toLowerCase()}`,
        contactCheck: notice.contactCheck,
        // The job key names the contact by account, or by a digest of the address: never the address itself.
        ...(notice.coalesce ? { coalesce: { key: `${notice.coalesce.key}:${contact.as}:${contact.userId ?? addressDigest(contact.email)}`, after: notice.coalesce.after } } : {}),
      },
      tx,
    );
  }
}

function addressDigest(email: string): string {
  return createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 24);
}
