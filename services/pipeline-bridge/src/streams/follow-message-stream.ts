import type { ConsentStreamOptions } from "../bridge-config";
import { followStream, type StreamFollower } from "../feed/follow-stream";
import { incomingMessage, type IncomingMessage, type MessageStream } from "./message-stream";

/**
 * Follows a stream on JetStream as this replica's durable consumer `bridge-<replica id>` (ADR 051): each batch is
 * stored through the stream's `store`, as the relay's HTTP delivery is, and the relay's heartbeat on the stream's
 * heartbeat subject decides whether what the replica holds of it is current.
 */
export function followMessageStream<Envelope extends { eventId: string }, Message, ParkReason extends string, Target>(
  stream: MessageStream<Envelope, Message, ParkReason, Target>,
  target: Target & { clock: () => number },
  options: ConsentStreamOptions,
): StreamFollower {
  return followStream<IncomingMessage<Envelope, Message, ParkReason>>(
    {
      what: stream.what,
      stream: stream.nats.stream,
      subjects: stream.nats.subjects,
      heartbeatSubject: stream.nats.heartbeatSubject,
      read(body) {
        const envelope = stream.envelopeSchema.safeParse(body);
        if (!envelope.success) return "malformed";
        const change = incomingMessage(stream, envelope.data);
        if (change.outcome === "malformed") return "malformed";
        return { change, eventId: envelope.data.eventId, position: BigInt(stream.positionOf(envelope.data)) };
      },
      positionOf(body) {
        const envelope = stream.envelopeSchema.safeParse(body);
        return envelope.success ? BigInt(stream.positionOf(envelope.data)) : undefined;
      },
      store: async (changes) => (await stream.store(target, changes, { noteApplied: false })).highest,
      recordHeartbeat: (heartbeat, receivedAt) => stream.recordHeartbeat(target, heartbeat, receivedAt),
      noteApplied: (position) => stream.noteApplied(target, position),
    },
    { ...options, clock: target.clock },
  );
}
