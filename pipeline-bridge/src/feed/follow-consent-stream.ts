import {
  CONSENT_STREAM,
  CONSENT_SUBJECTS,
  OutboxEnvelopeSchema,
  readOutboxMessage,
  RELAY_HEARTBEAT_SUBJECT,
} from "@tsunagi/consent-rules/consent-change-message";
import type { ConsentStreamOptions } from "../bridge-config";
import type { IncomingChange } from "../projection/apply-consent-changes";
import { ingestChanges, type IngestTarget } from "../projection/ingest-changes";
import { followStream, type StreamFollower } from "./follow-stream";

export { consumerNameFor } from "./follow-stream";
export type ConsentStreamFollower = StreamFollower;

/**
 * Follows the consent stream (TSUNAGI_CONSENT) as this replica's durable consumer `bridge-<replica id>` (ADR 051):
 * each batch goes through ingestChanges, as the relay's HTTP delivery does, and the relay's heartbeat on
 * `tsunagi.relay.heartbeat` decides whether the replica's consent is current (BridgeHealth).
 */
export function followConsentStream(context: IngestTarget & { clock: () => number }, options: ConsentStreamOptions): ConsentStreamFollower {
  return followStream<IncomingChange>(
    {
      what: "consent",
      stream: CONSENT_STREAM,
      subjects: CONSENT_SUBJECTS,
      heartbeatSubject: RELAY_HEARTBEAT_SUBJECT,
      read(body) {
        const envelope = OutboxEnvelopeSchema.safeParse(body);
        const read = envelope.success ? readOutboxMessage(body) : undefined;
        if (!envelope.success || !read || read.outcome === "malformed") return "malformed";
        const change: IncomingChange =
          read.outcome === "apply"
            ? { outcome: "apply", raw: envelope.data, message: read.message }
            : { outcome: "park", raw: envelope.data, reason: read.reason, kind: read.kind, schemaVersion: read.schemaVersion };
        return { change, eventId: envelope.data.eventId, position: BigInt(envelope.data.globalSeq) };
      },
      positionOf(body) {
        const envelope = OutboxEnvelopeSchema.safeParse(body);
        return envelope.success ? BigInt(envelope.data.globalSeq) : undefined;
      },
      store: async (changes) => (await ingestChanges(context, changes, { noteApplied: false })).highestGlobalSeq,
      recordHeartbeat: (heartbeat, receivedAt) => context.health.recordHeartbeat(heartbeat, receivedAt),
      noteApplied: (position) => context.health.noteApplied(position),
    },
    { ...options, clock: context.clock },
  );
}
