import { getDatabase, type Database } from "../../../db.server";
import { readOutboxLagAndMark } from "./read-outbox-lag.server";
import type { OutboxDestination } from "./load-undelivered-outbox-rows.server";

/**
 * The highest globalSeq of an outbox row such that every row up to it has been acknowledged by the destination
 * ("0" when none has). It names a row that exists, not the one before the first gap in numbering: outbox rows
 * backfilled from an older ledger skip sequence numbers, and the bridge compares the mark with what it applied.
 * Ledger appends take a lock and commit in globalSeq order, so no lower row can appear after this is read.
 */
export async function readOutboxHighWaterMark(destination: OutboxDestination, db: Database = getDatabase()): Promise<string> {
  return (await readOutboxLagAndMark(destination, db)).mark;
}

/**
 * The highest globalSeq the outbox holds, delivered or not ("0" when empty): every change the ledger has written up to
 * now. The relay claims it to the bridge while a change waits too long (ADR 066), so the bridge denies until it has it.
 */
export async function readOutboxHead(db: Database = getDatabase()): Promise<string> {
  const rows = await db.$queryRaw<{ head: string }[]>`SELECT COALESCE(MAX(o."globalSeq"), 0)::text AS head FROM "ConsentOutbox" o`;
  return rows[0]?.head ?? "0";
}
