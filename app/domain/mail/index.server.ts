/**
 * The mail concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { accountContactStillAllowed, participantContactStillAllowed } from "./account-contact-still-allowed.server";
export { enqueueMail } from "./enqueue-mail.server";
export type { MailAttachmentRef } from "./enqueue-mail.server";
export { readMailContact } from "./read-mail-contact.server";
export { listUndeliverableAddresses } from "./list-undeliverable-addresses.server";
export { sendLoggedMail } from "./send-logged-mail.server";
export { sendMail } from "./send-mail.server";
export type { MailAttachment } from "./send-mail.server";
export { deliverMailMessage } from "./deliver-mail-message.server";
export { listCapturedMail, readCapturedMail } from "./list-captured-mail.server";
export { ensureMailboxKey, isMailboxKey, mailboxKeyPath } from "./mailbox-key.server";
export { capturedMailEnabled } from "./mailbox-policy.server";
export { frequenciesOf, notificationStillAllowed, readNotificationSettings, saveNotificationSettings } from "./notification-settings.server";
export { itemIn, queueDigestItem, sendNotificationDigests } from "./send-notification-digests.server";
export type { DigestItemContent } from "./send-notification-digests.server";
