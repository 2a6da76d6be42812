import type { Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import type { ConsentNoticeKind } from "../../../../emails/templates/consent-notice";
import { sendMail } from "../../mail/send-mail.server";
import { ensureConsentDocument } from "../documents/ensure-consent-document.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { participantContacts } from "../participants/participant-contacts.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

const noticeFor: Partial<Record<LedgerEventRecord["type"], ConsentNoticeKind>> = {
  granted: "consent_recorded",
  reconsented: "consent_recorded",
  proxy_granted: "consent_recorded",
  transferred_at_majority: "consent_recorded",
  choices_changed: "choices_changed",
  withdrawn: "withdrawal_recorded",
};

/**
 * After a consent event commits: store its PDF copy (deterministic, so a retry produces the same bytes) and mail
 * the participant and any proxy, with the PDF attached. Neither can undo the event; a failure here is logged and
 * repaired on the next download, which regenerates the missing copy.
 */
export async function afterConsentRecorded(event: LedgerEventRecord, db: Database): Promise<void> {
  const kind = noticeFor[event.type];
  if (!kind) return;
  try {
    const document = await ensureConsentDocument(event.id, db);
    const url = new URL("/consent", getEnv().APP_URL).toString();
    for (const contact of await participantContacts(event.participantId, db)) {
      await sendMail({
        to: contact.email,
        language: contact.language,
        template: "consent-notice",
        props: { kind, name: contact.name, url },
        attachments: document ? [{ filename: document.fileName, contentType: "application/pdf", content: document.pdf }] : [],
      });
    }
  } catch (error) {
    log.warn({ consentEventId: event.id, error: errorText(error) }, "follow-up for a consent event failed (PDF copy or notice mail)");
  }
}
