import {
  CONSENT_STREAM,
  CONSENT_SUBJECTS,
  ConsentChangeBatchSchema,
  OutboxEnvelopeSchema,
  readOutboxMessage,
  RELAY_HEARTBEAT_SUBJECT,
  type ConsentChangeMessage,
  type OutboxEnvelope,
  type ParkReason,
} from "@tsunagi/consent-rules/consent-change-message";
import type { MessageStream } from "../streams/message-stream";
import { ingestChanges, type IngestTarget } from "./ingest-changes";

/**
 * The consent stream (ADR 024, 051): the ledger's outbox, a position per change (`globalSeq`), 1,000 messages of a
 * participant's whole consent a batch; stored by ingestChanges into the subjects and their samples, the bridge's
 * health deciding from the relay's heartbeat whether its answers are current.
 */
export const consentStream: MessageStream<OutboxEnvelope, ConsentChangeMessage, ParkReason, IngestTarget> = {
  what: "consent",
  http: { changesPath: "/internal/v1/consent-changes", bodyLimitBytes: 16 * 1024 * 1024, batchSchema: ConsentChangeBatchSchema },
  nats: { stream: CONSENT_STREAM, subjects: CONSENT_SUBJECTS, heartbeatSubject: RELAY_HEARTBEAT_SUBJECT },
  envelopeSchema: OutboxEnvelopeSchema,
  read: (body) => readOutboxMessage(body),
  positionOf: (envelope) => envelope.globalSeq,
  async store(target, changes, options) {
    const stored = await ingestChanges(target, changes, { noteApplied: options.noteApplied });
    return { applied: stored.applied, duplicates: stored.duplicates, stale: stored.stale, parked: stored.parked, highest: stored.highestGlobalSeq };
  },
  heartbeat: { key: "consent", optional: false, path: "/internal/v1/heartbeat", table: "bridge.relay_heartbeat", what: "heartbeat" },
  recordHeartbeat: (target, heartbeat, receivedAt) => target.health.recordHeartbeat(heartbeat, receivedAt),
  noteApplied: (target, position) => target.health.noteApplied(position),
};
