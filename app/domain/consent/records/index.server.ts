/**
 * The records part's entry for server code (ADR 132): the consent verbs that write the ledger (grant, change, withdraw,
 * assent) and what follows each (the signed PDF, the notices), the documents, receipts and public verification of a
 * record, and a coordinator's view of one participant's record. It uses forms, participants and the ledger.
 */
export { grantConsent } from "./grant-consent.server";
export type { GrantConsentInput } from "./grant-consent.server";
export { changeChoices, changeChoicesLocked } from "./change-choices.server";
export { withdrawConsent } from "./withdraw-consent.server";
export { carryProvisionNotice, giveProvisionNotice, stopProvision } from "./provision-under-law.server";
export { recordAssent } from "./record-assent.server";
export { recordLifeEvent, RecordLifeEventSchema } from "./record-life-event.server";
export { runConsentFollowUp } from "./after-consent-recorded.server";
export { loadParticipantRecord } from "./load-participant-record.server";
export { consentDocumentAttachment } from "./documents/consent-document-attachment.server";
export { consentDocumentFileName } from "./documents/ensure-consent-document.server";
export { readConsentDocument } from "./documents/read-consent-document.server";
export { checkConsentReceipt } from "./receipts/check-consent-receipt.server";
export type { ReceiptCheck } from "./receipts/check-consent-receipt.server";
export { verifyConsentReceipt } from "./receipts/consent-receipt-jws.server";
export { CONSENT_RECEIPT_MEDIA_TYPE, downloadConsentReceipt } from "./receipts/issue-consent-receipt.server";
export { listConsentRecords } from "./receipts/list-consent-records.server";
export { RECEIPT_KEYS_FILE, closeReceiptKeys, receiptJwks } from "./receipts/receipt-keys.server";
export { VerificationLookupSchema, verifyConsentRecord } from "./verification/verify-consent-record.server";
export type { VerificationResult } from "./verification/verify-consent-record.server";
