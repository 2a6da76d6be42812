import type { Transaction } from "../../../db.server";
import { auditRowValues, recordAuditEvent, type AuditRowValues } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";

/**
 * The audit row that points from the audit log into the ledger, written in the ledger event's transaction —
 * before the append where it can be (with the event id chosen up front), so it is not written under the ledger lock.
 */
export function auditConsentRecorded(
  tx: Transaction,
  event: Pick<LedgerEventRecord, "id" | "participantId" | "type" | "method">,
  actorUserId: string | null,
  request: RequestContext,
): Promise<void> {
  return recordAuditEvent(
    tx,
    { type: "consent.recorded", outcome: "success", detail: { participantId: event.participantId, eventId: event.id, eventType: event.type, method: event.method } },
    { actorUserId, ipAddress: request.ipAddress, userAgent: request.userAgent },
  );
}

/** The same audit row's columns, for the statement that writes it beside the follow-up job (appendConsentEvent, ADR 083). */
export function consentRecordedAuditRow(
  event: Pick<LedgerEventRecord, "id" | "participantId" | "type" | "method">,
  actorUserId: string | null,
  request: RequestContext,
): AuditRowValues {
  return auditRowValues(
    { type: "consent.recorded", outcome: "success", detail: { participantId: event.participantId, eventId: event.id, eventType: event.type, method: event.method } },
    { actorUserId, ipAddress: request.ipAddress, userAgent: request.userAgent },
  );
}
