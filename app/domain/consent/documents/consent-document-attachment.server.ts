import type { Database } from "../../../db.server";
import type { MailAttachmentRef, MailAttachment } from "../../mail/index.server";
import { ensureConsentDocument } from "./ensure-consent-document.server";

/** A mail's consent-document attachment, as it leaves: the event's PDF, rendered once and kept (ADR 010). */
export async function consentDocumentAttachment(ref: MailAttachmentRef, db: Database): Promise<MailAttachment | null> {
  const document = await ensureConsentDocument(ref.consentEventId, db);
  return document ? { filename: document.fileName, contentType: "application/pdf", content: document.pdf } : null;
}
