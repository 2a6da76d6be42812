import { getDatabase, type Database } from "../../../db.server";
import type { ConsentNoticeKind } from "../../../../emails/templates/consent-notice";
import { jobArguments, type JobArguments } from "../../jobs/index.server";
import { ensureConsentDocument } from "./documents/ensure-consent-document.server";
import { signedGrantTypes, type LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { carryProvisionNotice } from "./provision-under-law.server";
import { queueContactNotices } from "../participants/index.server";

const noticeFor: Partial<Record<LedgerEventRecord["type"], ConsentNoticeKind>> = {
  granted: "consent_recorded",
  reconsented: "consent_recorded",
  proxy_granted: "consent_recorded",
  transferred_at_majority: "consent_recorded",
  choices_changed: "choices_changed",
  withdrawn: "withdrawal_recorded",
};

/**
 * The follow-up of a consent event, for every consent verb to queue inside its transaction: its PDF copy, then the
 * notice mail, as a job that commits with the event or not at all (ADR 031). The verb then returns at commit; a crash
 * after it loses nothing, and a verb that rolls back leaves no job behind. Returned as arguments for the statement that
 * writes it beside the event's audit row, before the ledger lock (appendConsentEvent, ADR 083); null when the event's
 * type has no follow-up.
 */
export function consentFollowUpJob(event: Pick<LedgerEventRecord, "id" | "type">): JobArguments | null {
  if (!noticeFor[event.type]) return null;
  return jobArguments("consent.follow-up", { consentEventId: event.id });
}

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
      attachments: [...(document ? [{ kind: "consent-document" as const, consentEventId: event.id }] : []), { kind: "consent-receipt", consentEventId: event.id }],
    }),
  );
}
