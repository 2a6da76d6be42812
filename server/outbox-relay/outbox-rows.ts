import type { Database } from "../../app/db.server";
import { OutboxEnvelopeSchema, type OutboxEnvelope } from "@tsunagi/consent-rules/consent-change-message";

/** Where the relay delivers each outbox row; each has its own delivered-at column, queue and backoff. */
export type Destination = "bridge" | "nats";

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
export async function loadUndeliveredRows(db: Database, destination: Destination, limit: number): Promise<{ rows: OutboxRow[]; invalid?: { globalSeq: bigint; problem: string } }> {
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

/** Stamps rows as acknowledged. Called only after the destination's acknowledgement: at least once, never at most once. */
export async function markDelivered(db: Database, destination: Destination, globalSeqs: bigint[], at: Date = new Date()): Promise<void> {
  if (globalSeqs.length === 0) return;
  const where = { globalSeq: { in: globalSeqs } };
  if (destination === "bridge") await db.consentOutbox.updateMany({ where: { ...where, bridgeDeliveredAt: null }, data: { bridgeDeliveredAt: at } });
  else await db.consentOutbox.updateMany({ where: { ...where, natsDeliveredAt: null }, data: { natsDeliveredAt: at } });
}

/** Counts a failed attempt on the rows it carried and keeps the reason, for whoever looks at a stuck outbox. */
export async function recordDeliveryFailure(db: Database, destination: Destination, globalSeqs: bigint[], problem: string): Promise<void> {
  if (globalSeqs.length === 0) return;
  await db.consentOutbox.updateMany({
    where: { globalSeq: { in: globalSeqs } },
    data: { attempts: { increment: 1 }, lastError: `${destination}: ${problem}`.slice(0, 1000) },
  });
}

/**
 * The highest globalSeq of an outbox row such that every row up to it has been acknowledged by the destination
 * ("0" when none has). It names a row that exists, not the one before the first gap in numbering: outbox rows
 * backfilled from an older ledger skip sequence numbers, and the bridge compares the mark with what it applied.
 * Ledger appends take a lock and commit in globalSeq order, so no lower row can appear after this is read.
 */
export async function readHighWaterMark(db: Database, destination: Destination): Promise<string> {
  const rows =
    destination === "bridge"
      ? await db.$queryRaw<{ mark: string }[]>`
          SELECT COALESCE(MAX(o."globalSeq"), 0)::text AS mark FROM "ConsentOutbox" o
          WHERE o."globalSeq" < COALESCE((SELECT MIN(u."globalSeq") FROM "ConsentOutbox" u WHERE u."bridgeDeliveredAt" IS NULL), 9223372036854775807)`
      : await db.$queryRaw<{ mark: string }[]>`
          SELECT COALESCE(MAX(o."globalSeq"), 0)::text AS mark FROM "ConsentOutbox" o
          WHERE o."globalSeq" < COALESCE((SELECT MIN(u."globalSeq") FROM "ConsentOutbox" u WHERE u."natsDeliveredAt" IS NULL), 9223372036854775807)`;
  return rows[0]?.mark ?? "0";
}
