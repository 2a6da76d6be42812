/** What a heartbeat claims: every change older than `lagMs` before `measuredAt` is delivered (to the bridge, or published on NATS), up to `mark`. */
export interface MeasuredMark {
  mark: string;
  lagMs: number;
  /** ISO time taken before either read: the heartbeat's sentAt, so a slow answer cannot date the claim later. */
  measuredAt: string;
}

/**
 * Reads the lag and the mark (one statement, so one snapshot: the mark holds every change the lag counted as
 * delivered), dated by the clock before the read (ADR 051). Bridges count their freshness from the heartbeat's sentAt;
 * dating it after the read would stretch that by however long the read took to answer, which on starved cores was over
 * a second. Undefined when the read fails (no heartbeat).
 */
export async function measureMark(read: () => Promise<{ lagMs: number; mark: string }>, clock: () => number = Date.now): Promise<MeasuredMark | undefined> {
  const measuredAt = new Date(clock()).toISOString();
  try {
    const { lagMs, mark } = await read();
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
