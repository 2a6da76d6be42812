import { getDatabase, type Database } from "../../../db.server";
import { noticeFor } from "./consent-follow-up-job.server";
import { ensureConsentDocument } from "./documents/ensure-consent-document.server";
import { isConsentVersionEvent, signedGrantTypes } from "@tsunagi/consent-rules/ledger-event";
import { carryProvisionNotice } from "./provision-under-law.server";
import { queueContactNotices } from "../participants/index.server";

/**
 * The `consent.follow-up` job: store the event's PDF copy (deterministic, so a retry produces the same bytes) and
 * queue a notice to the participant and every proxy with the PDF and the signed receipt (ADR 108) attached, each in its
 * reader's language. A failure
 * throws, and the queue retries; the notices carry a source key, so a retry after they were queued adds none.
 */
export async function runConsentFollowUp(consentEventId: string, db: Database = getDatabase()): Promise<void> {
  const event = await db.consentEvent.findUnique({ where: { id: consentEventId }, select: { id: true, type: true, participantId: true } });
  if (!event) return;
  // A notice of the 2024 law given before the first consent reaches the ledger once there is a consent (ADR 140).
  if (signedGrantTypes.includes(event.type)) await carryProvisionNotice(event.participantId, db);
  const kind = noticeFor[event.type];
  if (!kind) return;
  const document = await ensureConsentDocument(event.id, db);
  await db.$transaction((tx) =>
    queueContactNotices(tx, {
      participantId: event.participantId,
      kind,
      sourceKey: `consent-notice:${event.id}`,
      attachments: [
        ...(document ? [{ kind: "consent-document" as const, consentEventId: event.id }] : []),
        ...(isConsentVersionEvent(event.type) ? [{ kind: "consent-receipt" as const, consentEventId: event.id }] : []),
      ],
    }),
  );
}
