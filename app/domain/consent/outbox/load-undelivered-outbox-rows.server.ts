import { getDatabase, type Database } from "../../../db.server";
import { OutboxEnvelopeSchema, type OutboxEnvelope } from "@tsunagi/consent-rules/consent-change-message";

/** Where the relay delivers each outbox row; each has its own delivered-at column, queue and backoff. */
export type OutboxDestination = "bridge" | "nats";

export interface OutboxRow {
  globalSeq: bigint;
  /** The payload as the app wrote it, whatever its kind or version: readers decide what they can apply (ADR 024). */
  message: OutboxEnvelope;
}

/**
 * The oldest rows not yet acknowledged by a destination, in ledger order. The relay is a carrier: it checks only
 * the envelope every kind and version carries, so a row written by a newer app still goes out. A row without a
 * valid envelope (which the app never writes) ends the batch: the rows before it still go, and it is reported
 * rather than skipped, because skipping would lose a consent change and let the high-water mark pass it.
 */
export async function loadUndeliveredOutboxRows(
  destination: OutboxDestination,
  limit: number,
  db: Database = getDatabase(),
): Promise<{ rows: OutboxRow[]; invalid?: { globalSeq: bigint; problem: string } }> {
  const where = destination === "bridge" ? { bridgeDeliveredAt: null } : { natsDeliveredAt: null };
  const found = await db.consentOutbox.findMany({ where, orderBy: { globalSeq: "asc" }, take: limit, select: { globalSeq: true, payload: true } });
  const rows: OutboxRow[] = [];
  for (const row of found) {
    const parsed = OutboxEnvelopeSchema.safeParse(row.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { rows, invalid: { globalSeq: row.globalSeq, problem: `outbox row ${row.globalSeq} is not a valid change message (${issue?.path.join(".")}: ${issue?.message})` } };
    }
    rows.push({ globalSeq: row.globalSeq, message: parsed.data });
  }
  return { rows };
}
