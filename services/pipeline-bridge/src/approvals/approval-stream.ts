import { approvalWire } from "@tsunagi/bridge-wire/relay-wire";
import {
  APPROVAL_STREAM,
  APPROVAL_SUBJECTS,
  ApprovalEnvelopeSchema,
  readApprovalMessage,
  RELAY_APPROVAL_HEARTBEAT_SUBJECT,
  type ApprovalChangeMessage,
  type ApprovalEnvelope,
  type ApprovalParkReason,
} from "@tsunagi/consent-rules/approval-change-message";
import type { MessageStream } from "../streams/message-stream";
import { ingestApprovalChanges, type ApprovalIngestTarget } from "./ingest-approval-changes";

/**
 * The data-access approvals' stream (ADR 041, 051 amended): the approval outbox, a position per change (`seq`); stored
 * by ingestApprovalChanges into the approvals, the approval health deciding from the relay's heartbeat on it whether a
 * release that needs an approval may be answered.
 */
export const approvalStream: MessageStream<ApprovalEnvelope, ApprovalChangeMessage, ApprovalParkReason, ApprovalIngestTarget> = {
  what: "approval",
  wire: approvalWire,
  bodyLimitBytes: 8 * 1024 * 1024,
  nats: { stream: APPROVAL_STREAM, subjects: APPROVAL_SUBJECTS, heartbeatSubject: RELAY_APPROVAL_HEARTBEAT_SUBJECT },
  envelopeSchema: ApprovalEnvelopeSchema,
  read: (body) => readApprovalMessage(body),
  positionOf: (envelope) => envelope.seq,
  async store(target, changes, options) {
    const stored = await ingestApprovalChanges(target, changes, { noteAccepted: options.noteApplied });
    return { applied: stored.applied, duplicates: stored.duplicates, stale: stored.stale, parked: stored.parked, highest: stored.highestSeq };
  },
  heartbeat: { table: "bridge.approval_heartbeat", what: "approval heartbeat" },
  recordHeartbeat: (target, heartbeat, receivedAt) => target.approvalHealth.recordHeartbeat(heartbeat, receivedAt),
  noteApplied: (target, position) => target.approvalHealth.noteAccepted(position),
};
