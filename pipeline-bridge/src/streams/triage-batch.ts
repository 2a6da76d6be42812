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
