import { OutboxEnvelopeSchema, readOutboxMessage } from "@tsunagi/consent-rules/consent-change-message";
import type { BridgePool } from "../db/bridge-pool";
import type { ParkedSummary } from "../health/bridge-health";
import { applyWithin, inIngestTransaction, type AppliedChanges, type IncomingChange } from "./apply-consent-changes";

/** How many messages wait in bridge.parked_message, and the oldest; undefined when none do (ADR 024). */
export async function readParkedSummary(pool: BridgePool): Promise<ParkedSummary | undefined> {
  const { rows } = await pool.query<{ count: number; oldest_parked_at: Date | null; oldest_global_seq: string | null }>(
    `SELECT count(*)::int AS count, min(parked_at) AS oldest_parked_at, min(global_seq)::text AS oldest_global_seq FROM bridge.parked_message`,
  );
  const row = rows[0];
  if (!row || row.count === 0 || !row.oldest_parked_at || !row.oldest_global_seq) return undefined;
  return { count: row.count, oldestParkedAt: row.oldest_parked_at.toISOString(), oldestGlobalSeq: row.oldest_global_seq };
}

/**
 * Applies what this bridge can now read of the parked messages (a newer bridge, started on the table an older one
 * filled): per participant, in ledger order, up to the first it still cannot read, removed from the table in the
 * same transaction as they are applied. Run at start, before the projection is loaded (ADR 024).
 */
export async function applyReadableParkedMessages(pool: BridgePool): Promise<AppliedChanges> {
  return inIngestTransaction(pool, async (client) => {
    const { rows } = await client.query<{ event_id: string; pseudonym: string; message: unknown }>(
      `SELECT event_id, pseudonym, message FROM bridge.parked_message ORDER BY global_seq`,
    );
    const stillParked = new Set<string>();
    const readable: IncomingChange[] = [];
    for (const row of rows) {
      if (stillParked.has(row.pseudonym)) continue;
      const envelope = OutboxEnvelopeSchema.safeParse(row.message);
      const read = readOutboxMessage(row.message);
      if (envelope.success && read.outcome === "apply") readable.push({ outcome: "apply", raw: envelope.data, message: read.message });
      else stillParked.add(row.pseudonym);
    }
    if (readable.length > 0) await client.query(`DELETE FROM bridge.parked_message WHERE event_id = ANY($1::uuid[])`, [readable.map((change) => change.raw.eventId)]);
    return applyWithin(client, readable);
  });
}
