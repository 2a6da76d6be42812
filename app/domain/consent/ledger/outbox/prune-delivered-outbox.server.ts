import { getDatabase, type Database } from "../../../../db.server";

export interface PruneOutboxInput {
  /** Rows acknowledged longer ago than this many days go. */
  retentionDays: number;
  /** NATS is a destination here (NATS_URL set): a row must also be on the stream before it goes. */
  requireNats: boolean;
  now?: Date;
  /** At most this many rows per call (the job runs daily; a backlog goes over a few days). */
  maxRows?: number;
}

/**
 * Deletes outbox rows every destination acknowledged more than `retentionDays` ago (ADR 052), through the database
 * function that is the only way the app may delete from the outbox: undelivered rows, and the newest acknowledged
 * row of each destination, always stay. The ledger, which is the record, is untouched. Returns how many went.
 */
export async function pruneDeliveredOutbox(input: PruneOutboxInput, db: Database = getDatabase()): Promise<number> {
  const cutoff = new Date((input.now ?? new Date()).getTime() - input.retentionDays * 86_400_000);
  const rows = await db.$queryRaw<{ pruned: number }[]>`SELECT prune_delivered_outbox(${cutoff}::timestamptz, ${input.requireNats}, ${input.maxRows ?? 100_000}::int) AS pruned`;
  return Number(rows[0]?.pruned ?? 0);
}
