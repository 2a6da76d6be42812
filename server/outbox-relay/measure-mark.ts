/** What a heartbeat claims: every change older than `lagMs` before `measuredAt` is delivered (to the bridge, or published on NATS), up to `mark`. */
export interface MeasuredMark {
  mark: string;
  lagMs: number;
  /** ISO time taken before either read: the heartbeat's sentAt, so a slow answer cannot date the claim later. */
  measuredAt: string;
}

/**
 * Reads the lag, then the mark, dated by the clock before both (ADR 051). Bridges count their freshness from the
 * heartbeat's sentAt; dating it after the reads would stretch that by however long the reads took to answer, which on
 * starved cores was over a second. The order matters too: publishing only moves forward, so a mark read after the
 * lag holds every change the lag already counted as delivered. Undefined when either read fails (no heartbeat).
 */
export async function measureMark(
  readLagMs: () => Promise<number>,
  readMark: () => Promise<string>,
  clock: () => number = Date.now,
): Promise<MeasuredMark | undefined> {
  const measuredAt = new Date(clock()).toISOString();
  try {
    const lagMs = await readLagMs();
    const mark = await readMark();
    return { mark, lagMs, measuredAt };
  } catch {
    return undefined;
  }
}

/**
 * The mark the relay's heartbeat to the bridge over HTTP claims (ADR 066). While nothing has waited longer than
 * `maxLagMs`, what the bridge acknowledged; once something has (its delivery failing, backing off, or hanging), the
 * outbox's head — the highest position the ledger has written — so the bridge, which has not applied that far, denies
 * at once (`projection_stale`) instead of answering from a state a held-up withdrawal has overtaken. The heartbeat still
 * goes: the bridge is reachable, and silence would only make it deny later (after its staleness bound). Undefined when
 * the head cannot be read (no heartbeat, as for any failed read).
 */
export async function markToClaim(measured: MeasuredMark, maxLagMs: number, readHead: () => Promise<string>): Promise<string | undefined> {
  if (measured.lagMs <= maxLagMs) return measured.mark;
  try {
    const head = await readHead();
    return BigInt(head) > BigInt(measured.mark) ? head : measured.mark;
  } catch {
    return undefined;
  }
}
