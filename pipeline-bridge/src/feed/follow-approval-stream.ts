import { APPROVAL_STREAM, APPROVAL_SUBJECTS, ApprovalEnvelopeSchema, readApprovalMessage, RELAY_APPROVAL_HEARTBEAT_SUBJECT } from "@tsunagi/consent-rules/approval-change-message";
import type { IncomingApprovalChange } from "../approvals/apply-approval-changes";
import { ingestApprovalChanges, type ApprovalIngestTarget } from "../approvals/ingest-approval-changes";
import type { ConsentStreamOptions } from "../bridge-config";
import { followStream, type StreamFollower } from "./follow-stream";

/**
 * Follows the approvals' stream (TSUNAGI_APPROVALS) as this replica's durable consumer `bridge-<replica id>` on that
 * stream (ADR 051 amended): each batch goes through ingestApprovalChanges, as the relay's HTTP delivery does, and the
 * relay's heartbeat on `tsunagi.relay.approval-heartbeat` decides whether the replica's approvals are current
 * (ApprovalHealth): without it, or behind its mark, a release that needs an approval is refused `projection_stale`.
 */
export function followApprovalStream(context: ApprovalIngestTarget & { clock: () => number }, options: ConsentStreamOptions): StreamFollower {
  return followStream<IncomingApprovalChange>(
    {
      what: "approval",
      stream: APPROVAL_STREAM,
      subjects: APPROVAL_SUBJECTS,
      heartbeatSubject: RELAY_APPROVAL_HEARTBEAT_SUBJECT,
      read(body) {
        const envelope = ApprovalEnvelopeSchema.safeParse(body);
        if (!envelope.success) return "malformed";
        const read = readApprovalMessage(body);
        if (read.outcome === "malformed") return "malformed";
        const change: IncomingApprovalChange =
          read.outcome === "apply"
            ? { outcome: "apply", raw: envelope.data, message: read.message }
            : { outcome: "park", raw: envelope.data, reason: read.reason, kind: read.kind, schemaVersion: read.schemaVersion };
        return { change, eventId: envelope.data.eventId, position: BigInt(envelope.data.seq) };
      },
      positionOf(body) {
        const envelope = ApprovalEnvelopeSchema.safeParse(body);
        return envelope.success ? BigInt(envelope.data.seq) : undefined;
      },
      store: async (changes) => (await ingestApprovalChanges(context, changes, { noteAccepted: false })).highestSeq,
      recordHeartbeat: (heartbeat, receivedAt) => context.approvalHealth.recordHeartbeat(heartbeat, receivedAt),
      noteApplied: (position) => context.approvalHealth.noteAccepted(position),
    },
    { ...options, clock: context.clock },
  );
}
