import { consentWire } from "@tsunagi/bridge-wire/relay-wire";
import {
  CONSENT_STREAM,
  CONSENT_SUBJECTS,
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
  wire: consentWire,
  bodyLimitBytes: 16 * 1024 * 1024,
  nats: { stream: CONSENT_STREAM, subjects: CONSENT_SUBJECTS, heartbeatSubject: RELAY_HEARTBEAT_SUBJECT },
  envelopeSchema: OutboxEnvelopeSchema,
  read: (body) => readOutboxMessage(body),
  positionOf: (envelope) => envelope.globalSeq,
  async store(target, changes, options) {
    const stored = await ingestChanges(target, changes, { noteApplied: options.noteApplied });
    return { applied: stored.applied, duplicates: stored.duplicates, stale: stored.stale, parked: stored.parked, highest: stored.highestGlobalSeq };
  },
  heartbeat: { table: "bridge.relay_heartbeat", what: "heartbeat" },
  recordHeartbeat: (target, heartbeat, receivedAt) => target.health.recordHeartbeat(heartbeat, receivedAt),
  noteApplied: (target, position) => target.health.noteApplied(position),
};
