import type { IncomingMessage } from "./message-stream";

type Incoming = IncomingMessage<{ eventId: string }, { kind: string; schemaVersion: string }, string>;

/** Why a message waits parked: its reader's reason, or an earlier parked message for the same record (ADR 024). */
export type ParkedBecause<C extends Incoming> = (C extends { outcome: "park"; reason: infer Reason } ? Reason : never) | "behind_parked";

/** A batch as delivered, in outbox order: each event once (the first of its copies), and the highest position in it. */
export function orderBatch<C extends Incoming>(changes: readonly C[], positionOf: (change: C) => string): { unique: C[]; highest: bigint } {
  const ordered = [...changes].sort((a, b) => comparePositions(positionOf(a), positionOf(b)));
  const unique = [...new Map(ordered.map((change) => [change.raw.eventId, change])).values()];
  const highest = ordered.reduce((max, change) => (BigInt(positionOf(change)) > max ? BigInt(positionOf(change)) : max), 0n);
  return { unique, highest };
}

/**
 * Which of a batch's new messages are stored as the record's state and which are parked (ADR 024): a message the reader
 * could not read is parked, and so is every later one for the same record (`keyOf`: a participant, an approval), since
 * a later message applied over a parked stricter one would allow what it refused. An earlier one arriving late may be
 * applied: the parked message still denies. `seen` are the event ids already held (duplicates, skipped);
 * `parkedFrom` the lowest parked position per record, which this extends with the batch's new parkings.
 */
export function splitForStore<C extends Incoming>(
  unique: readonly C[],
  held: { seen: ReadonlySet<string>; parkedFrom: Map<string, bigint> },
  keyOf: (change: C) => string,
  positionOf: (change: C) => string,
): { toApply: Extract<C, { outcome: "apply" }>[]; toPark: { change: C; reason: ParkedBecause<C> }[] } {
  const toApply: Extract<C, { outcome: "apply" }>[] = [];
  const toPark: { change: C; reason: ParkedBecause<C> }[] = [];
  for (const change of unique) {
    if (held.seen.has(change.raw.eventId)) continue;
    const from = held.parkedFrom.get(keyOf(change));
    if (change.outcome === "park") toPark.push({ change, reason: change.reason as ParkedBecause<C> });
    else if (from !== undefined && from < BigInt(positionOf(change))) toPark.push({ change, reason: "behind_parked" as ParkedBecause<C> });
    else {
      toApply.push(change as Extract<C, { outcome: "apply" }>);
      continue;
    }
    if (from === undefined) held.parkedFrom.set(keyOf(change), BigInt(positionOf(change)));
  }
  return { toApply, toPark };
}

/** The kind and schema version a parked message is filed under: its reader's, or its message's. */
export function parkedAs(change: Incoming): { kind: string; schemaVersion: string } {
  return change.outcome === "park" ? { kind: change.kind, schemaVersion: change.schemaVersion } : { kind: change.message.kind, schemaVersion: change.message.schemaVersion };
}

/** Orders two decimal positions without BigInt: a shorter string is smaller. */
function comparePositions(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Of the messages this transaction recorded for the first time (`fresh` event ids), the highest version per record:
 * the one that may replace the state held, and only if it is higher (the store's upsert checks), so duplicates and
 * reordering never take a withdrawal or a revocation back.
 */
export function newestPerRecord<Message extends { eventId: string; version: number }>(messages: readonly Message[], fresh: ReadonlySet<string>, keyOf: (message: Message) => string): Message[] {
  const newest = new Map<string, Message>();
  for (const message of messages) {
    if (!fresh.has(message.eventId)) continue;
    const held = newest.get(keyOf(message));
    if (!held || message.version > held.version) newest.set(keyOf(message), message);
  }
  return [...newest.values()];
}

/** A stored batch's counts, as the relay's delivery is answered: every message is one of applied, duplicate, stale or parked. */
export function batchCounts(delivered: number, fresh: number, parked: number, applied: number): { applied: number; duplicates: number; stale: number; parked: number } {
  return { applied, duplicates: delivered - fresh - parked, stale: fresh - applied, parked };
}
