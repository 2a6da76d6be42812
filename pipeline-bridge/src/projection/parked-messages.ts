import type { BridgePool } from "../db/bridge-pool";
import type { ParkedSummary } from "../health/bridge-health";

/** How many messages wait in bridge.parked_message, and the oldest; undefined when none do (ADR 024). */
export async function readParkedSummary(pool: BridgePool): Promise<ParkedSummary | undefined> {
  const { rows } = await pool.query<{ count: number; oldest_parked_at: Date | null; oldest_global_seq: string | null }>(
    `SELECT count(*)::int AS count, min(parked_at) AS oldest_parked_at, min(global_seq)::text AS oldest_global_seq FROM bridge.parked_message`,
  );
  const row = rows[0];
  if (!row || row.count === 0 || !row.oldest_parked_at || !row.oldest_global_seq) return undefined;
  return { count: row.count, oldestParkedAt: row.oldest_parked_at.toISOString(), oldestGlobalSeq: row.oldest_global_seq };
}
