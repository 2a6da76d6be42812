import type { RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import type { StreamWire } from "@tsunagi/bridge-wire/relay-wire";
import type { z } from "zod";

/** A delivered message as its stream's reader judged it (ADR 024); malformed ones never get this far. */
export type IncomingMessage<Envelope, Message, ParkReason extends string> =
  | { outcome: "apply"; raw: Envelope; message: Message }
  | { outcome: "park"; raw: Envelope; reason: ParkReason; kind: string; schemaVersion: string };

/** What a stream's tolerant reader makes of one body: apply it, park it (kept, not applied), or refuse it. */
export type MessageReading<Message, ParkReason extends string> =
  | { outcome: "apply"; message: Message }
  | { outcome: "park"; reason: ParkReason; kind: string; schemaVersion: string }
  | { outcome: "malformed"; error: z.ZodError };

/** What storing a batch came to, as the relay's delivery is answered. */
export interface StoredBatch {
  applied: number;
  duplicates: number;
  stale: number;
  parked: number;
  /** The highest outbox position in the batch: every message up to it is now stored. */
  highest: bigint;
}

/**
 * One outbox stream as the bridge takes it (issue 31 item 2; ADR 098): the consent changes (ADR 024, 051) and the
 * data-access approvals (ADR 041) are two of these. The relay delivers a stream's messages over HTTP to the path of
 * its wire (`wire`, from `@tsunagi/bridge-wire`, which the relay posts to; ADR 128) and, with NATS, publishes them to
 * `nats.stream`; either way each batch is read by `read` (unknown members ignored,
 * an unknown kind or a newer major parked), stored by `store` in one transaction with memory after the commit, and
 * the relay's heartbeat on the stream says how far the bridge must have stored for its answers to count as current.
 *
 * A third stream is one more of these with its own tables and apply function: the HTTP route (stream-routes.ts), the
 * stream follower (follow-message-stream.ts) and the batch's triage (triage-batch.ts) are the same code for all.
 */
export interface MessageStream<Envelope extends { eventId: string }, Message, ParkReason extends string, Target> {
  /** Named in logs and answers: "consent", "approval". */
  what: string;
  /** The relay's HTTP delivery as the relay and the bridge share it: the batch's path and schema, the mark's key and path. */
  wire: StreamWire<Envelope>;
  /** The largest batch body this bridge reads. */
  bodyLimitBytes: number;
  /** The JetStream stream, its subjects, and the core-NATS subject of the relay's heartbeat on it (ADR 051). */
  nats: { stream: string; subjects: string; heartbeatSubject: string };
  envelopeSchema: z.ZodType<Envelope>;
  read(body: unknown): MessageReading<Message, ParkReason>;
  /** The message's position in its outbox (a decimal string that only goes up). */
  positionOf(envelope: Envelope): string;
  /**
   * Stores a batch in one transaction, then puts it in memory; throws when the database cannot take it (nothing is in
   * memory then; the sender delivers again). `noteApplied: false` leaves how far the bridge has stored to the caller
   * (the stream follower works that out itself).
   */
  store(target: Target, changes: readonly IncomingMessage<Envelope, Message, ParkReason>[], options: { noteApplied: boolean }): Promise<StoredBatch>;
  /** Where the relay's heartbeat on this stream is kept (its key and endpoint are the wire's). */
  heartbeat: StreamHeartbeat;
  recordHeartbeat(target: Target, heartbeat: RelayHeartbeat, receivedAt: number): void;
  noteApplied(target: Target, position: bigint): void;
}

/**
 * A stream's relay heartbeat as the bridge keeps it (issue 31 item 2): part of the stream's configuration
 * (`MessageStream.heartbeat`), beside where its mark is remembered (`MessageStream.recordHeartbeat`). Its key in the
 * combined heartbeat, whether it may be absent and its own endpoint are the wire's (`wire.heartbeat`).
 */
export interface StreamHeartbeat {
  /** The table its last mark is kept in, by relay id (a schema-qualified name of lower-case letters and _). */
  table: string;
  /** Named in the warning when its row cannot be written: "heartbeat", "approval heartbeat". */
  what: string;
}

/** A body read as one of the stream's messages, or the reason it is not one. */
export function incomingMessage<Envelope extends { eventId: string }, Message, ParkReason extends string>(
  stream: Pick<MessageStream<Envelope, Message, ParkReason, never>, "read">,
  raw: Envelope,
): IncomingMessage<Envelope, Message, ParkReason> | { outcome: "malformed"; error: z.ZodError } {
  const read = stream.read(raw);
  if (read.outcome === "apply") return { outcome: "apply", raw, message: read.message };
  if (read.outcome === "park") return { outcome: "park", raw, reason: read.reason, kind: read.kind, schemaVersion: read.schemaVersion };
  return read;
}
