/** What a NATS heartbeat claims: every change older than `lagMs` before `measuredAt` is published, up to `mark`. */
export interface MeasuredMark {
  mark: string;
  lagMs: number;
  /** ISO time taken before either read: the heartbeat's sentAt, so a slow answer cannot date the claim later. */
  measuredAt: string;
}

/**
 * Reads the lag, then the mark, dated by the clock before both (ADR 051). Replicas count their freshness from the
 * heartbeat's sentAt; dating it after the reads would stretch that by however long the reads took to answer, which on
 * starved cores was over a second. The order matters too: publishing only moves forward, so a mark read after the
 * lag holds every change the lag already counted as published. Undefined when either read fails (no heartbeat).
 */
export async function measureNatsMark(
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
