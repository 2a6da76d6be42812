import type { Database } from "../../../../db.server";
import type { MailAttachmentRef, MailAttachment } from "../../../mail/index.server";
import { consentReceiptAttachment } from "../receipts/issue-consent-receipt.server";
import { ensureConsentDocument } from "./ensure-consent-document.server";

/**
 * A mail's consent attachment, as it leaves: the event's PDF, rendered once and kept (ADR 010), or its receipt, signed
 * then (ADR 108).
 */
export async function consentDocumentAttachment(ref: MailAttachmentRef, db: Database): Promise<MailAttachment | null> {
  if (ref.kind === "consent-receipt") return consentReceiptAttachment(ref.consentEventId, db);
  const document = await ensureConsentDocument(ref.consentEventId, db);
  return document ? { filename: document.fileName, contentType: "application/pdf", content: document.pdf } : null;
}
