/**
 * Smoke mode (issue 60): `BENCH_SMOKE=1 npm run bench [-- suite …]` runs every suite and every part of it at a tiny
 * size — cohorts of hundreds or thousands instead of 100,000 or a million, rounds of half a second, one round, one
 * measured run — so the whole of `npm run bench` runs to its end in seconds. The suite does this for each suite
 * (tests/integration/bench-smoke-*.test.ts), so a benchmark that stops working is caught when it breaks, not months
 * later when someone measures. The figures it prints mean nothing; goals are still printed, met or not, and nothing
 * is asserted on them.
 *
 * The switch is read here and nowhere else: every size in bench/ that smoke mode shrinks is `sized(full, tiny)`.
 * An explicit override (BENCH_WEB_PARTICIPANTS, BENCH_SCALE_*, BENCH_IDLE_* …) still wins over both.
 */
export const smoke = process.env.BENCH_SMOKE === "1";

/** `full` normally; `tiny` in smoke mode. */
export function sized<T>(full: T, tiny: T): T {
  return smoke ? tiny : full;
}

/** The number in environment variable `name` when it is set, else `sized(full, tiny)`. */
export function sizedFromEnv(name: string, full: number, tiny: number): number {
  const value = process.env[name];
  return value === undefined || value.trim() === "" ? sized(full, tiny) : Number(value);
}

/**
 * autocannon's `sampleInt`: it ends a run only at its next sample tick, so with its default of a second every round
 * shorter than that still took a second. Smoke mode's rounds are tenths of a second, and so are its ticks.
 */
export const autocannonSampleMs = sized(1_000, 100);
