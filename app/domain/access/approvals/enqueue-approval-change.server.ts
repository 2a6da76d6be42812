import { randomUUID } from "node:crypto";
import type { Transaction } from "../../../db.server";
import { APPROVAL_SCHEMA_VERSION, ApprovalChangeMessageSchema, type ApprovalChange, type ApprovalChangeMessage } from "@tsunagi/consent-rules/approval-change-message";
import { approvalNotifyPayload, OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";

/** Held while a row is appended, so the approval outbox's `seq` is also its commit order (the relay's high-water mark relies on it). */
const APPROVAL_OUTBOX_LOCK = 0x74_73_61_6f; // "tsao"

/**
 * Called in the transaction that creates or changes a DataAccessApproval (decision, suspension, reinstatement,
 * revocation, extension), after the row carries its new `version`: queues the approval's message for the bridge
 * (`approval_changed`, ADR 041) in `ApprovalOutbox`, with a NOTIFY on `tsunagi_outbox` that PostgreSQL holds until
 * commit, so the relay wakes at once. A rollback leaves neither. The message carries the approval's whole scope and
 * status after the change: the bridge keeps the highest version. One message per version: queuing a version twice
 * fails the transaction (the caller forgot to raise it).
 *
 * `change` names what happened (informational); without it a first version is `granted` and a later one `amended`.
 */
export async function enqueueApprovalChange(tx: Transaction, approvalId: string, change?: ApprovalChange): Promise<ApprovalChangeMessage> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPROVAL_OUTBOX_LOCK}::bigint)`;
  const approval = await tx.dataAccessApproval.findUniqueOrThrow({
    where: { id: approvalId },
    select: {
      id: true,
      version: true,
      status: true,
      recipientInstitution: true,
      recipientType: true,
      recipientCountry: true,
      datasets: true,
      dataKinds: true,
      purposeCodes: true,
      purposeDiseases: true,
      commercial: true,
      startsAt: true,
      endsAt: true,
      updatedAt: true,
      application: { select: { reference: true } },
    },
  });
  const [next] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval(pg_get_serial_sequence('"ApprovalOutbox"', 'seq')) AS seq`;
  const seq = next!.seq;
  const eventId = randomUUID();
  const message = ApprovalChangeMessageSchema.parse({
    schemaVersion: APPROVAL_SCHEMA_VERSION,
    kind: "approval_changed",
    eventId,
    seq: String(seq),
    approvalId: approval.id,
    version: approval.version,
    change: change ?? (approval.version === 1 ? "granted" : "amended"),
    occurredAt: approval.updatedAt.toISOString(),
    approval: {
      status: approval.status,
      applicationReference: approval.application.reference,
      recipientInstitution: approval.recipientInstitution,
      recipientType: approval.recipientType,
      recipientCountry: approval.recipientCountry,
      datasets: approval.datasets,
      dataKinds: approval.dataKinds,
      purposeCodes: approval.purposeCodes,
      purposeDiseases: approval.purposeDiseases,
      commercial: approval.commercial,
      startsAt: approval.startsAt.toISOString(),
      endsAt: approval.endsAt.toISOString(),
    },
  });
  await tx.approvalOutbox.create({ data: { seq, eventId, approvalId: approval.id, version: approval.version, payload: message } });
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, ${approvalNotifyPayload(seq)})`;
  return message;
}
