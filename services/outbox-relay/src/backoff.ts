export interface BackoffPolicy {
  /** Upper bound of the first retry's delay. */
  baseMs: number;
  /** No delay is ever longer than this. */
  capMs: number;
}

/** 100 ms for the first retry, doubling up to 30 s: a bridge back from a restart is served within a second or so. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 30_000 };

/**
 * Exponential backoff with full jitter: a random delay between 0 and min(cap, base · 2^(failures-1)). The
 * randomness spreads retries of several relays (or of the bridge and NATS lanes) so they do not arrive in step
 * after an outage.
 */
export function retryDelayMs(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
