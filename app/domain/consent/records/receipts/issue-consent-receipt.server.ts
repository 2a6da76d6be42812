import { getDatabase, type Database } from "../../../../db.server";
import { getEnv } from "../../../../env.server";
import { consentReceiptOf } from "@tsunagi/consent-rules/consent-record";
import { isConsentVersionEvent } from "@tsunagi/consent-rules/ledger-event";
import { AppError } from "../../../kernel/index";
import type { RequestContext } from "../../../kernel/index";
import type { RoleSet } from "../../../authz";
import type { MailAttachment } from "../../../mail/index.server";
import { japanDate } from "../../../time";
import { auditConsentEventRead, readableConsentEvent } from "../documents/read-consent-document.server";
import { signConsentReceipt } from "./consent-receipt-jws.server";
import { listConsentRecords } from "./list-consent-records.server";
import { loadReceiptKeys } from "./receipt-keys.server";

/** What a receipt file is: a compact JWS (RFC 7515's media type), so a mail client or a browser saves it as it is. */
export const CONSENT_RECEIPT_MEDIA_TYPE = "application/jose";

export interface SignedConsentReceipt {
  jws: string;
  fileName: string;
}

/**
 * The signed receipt of one consent change (issue 32 item 2; ADR 108): the DPV-27560 record as it stood after that
 * change, wrapped as a receipt issued now and signed with the receipt key in force now. Null for an event that changes
 * no consent (a sample registered) or that does not exist. Issued afresh on each ask: the record it holds is the same
 * every time, only `dct:created` and the signature's bytes differ.
 */
export async function signedReceiptOfEvent(eventId: string, db: Database = getDatabase(), now: Date = new Date()): Promise<SignedConsentReceipt | null> {
  const event = await db.consentEvent.findUnique({
    where: { id: eventId },
    select: { participantId: true, participantSeq: true, type: true, occurredAt: true, verificationCode: true, participant: { select: { pseudonym: true } } },
  });
  if (!event || !isConsentVersionEvent(event.type)) return null;
  const records = await listConsentRecords(
    { participantId: event.participantId, pseudonym: event.participant.pseudonym, appUrl: getEnv().APP_URL, throughSeq: event.participantSeq },
    db,
  );
  const record = records.at(-1);
  if (!record || record["dct:identifier"] !== eventId) return null;
  const jws = await signConsentReceipt(consentReceiptOf(record, now.toISOString()), (await loadReceiptKeys(now.getTime())).signing);
  return { jws, fileName: `tsunagi-consent-receipt-${japanDate(event.occurredAt)}-${event.verificationCode}.jws` };
}

/**
 * The receipt a reader downloads from the consent history: for whoever may read the event (the participant, a current
 * proxy, enrolment staff of the participant's facility), anyone else answered as if it did not exist. It holds the
 * participant's pseudonym and choices, so every download is an identifiable read and is audited.
 */
export async function downloadConsentReceipt(
  options: { eventId: string; reader: { userId: string; role: RoleSet }; request: RequestContext; path: string },
  db: Database = getDatabase(),
): Promise<SignedConsentReceipt> {
  const event = await readableConsentEvent(options, db);
  const receipt = await signedReceiptOfEvent(event.id, db);
  if (!receipt) throw new AppError("not_found");
  await auditConsentEventRead(db, { event, resource: "consent_receipt", reader: options.reader, request: options.request });
  return receipt;
}

/** A notice mail's receipt attachment, signed as the mail leaves (so a retried delivery carries a receipt too). */
export async function consentReceiptAttachment(consentEventId: string, db: Database): Promise<MailAttachment | null> {
  const receipt = await signedReceiptOfEvent(consentEventId, db);
  return receipt ? { filename: receipt.fileName, contentType: CONSENT_RECEIPT_MEDIA_TYPE, content: new TextEncoder().encode(receipt.jws) } : null;
}
