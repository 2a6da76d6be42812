/** Percentiles and the printed form of the bridge benchmarks' figures. */

export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

export const ms = (value: number, digits = 2) => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : "n/a");

export const perSecond = (value: number) => `${Math.round(value).toLocaleString("en-US")}/s`;

/** `label ..... figure   goal: … (met|NOT met)` — every figure printed beside its goal. */
export function line(label: string, figure: string, goal?: { text: string; met: boolean }): string {
  const left = `${label.padEnd(46)} ${figure}`;
  return goal ? `${left.padEnd(100)} goal ${goal.text}: ${goal.met ? "met" : "NOT met"}` : left;
}

export const pause = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** Milliseconds on the wall clock with sub-millisecond precision, comparable between processes on one machine. */
export const wallClock = () => performance.timeOrigin + performance.now();
