/**
 * BENCH_TRACE_DIR set: a process that imports this (the bench's children, through child-process.ts, and the bench's
 * own process) writes `<dir>/<name>.pauses.jsonl` when it exits: every garbage collection (its kind and how long
 * it took) and every time its event loop came back late (a timer every TICK_MS that fired over LATE_MS late),
 * each stamped on the machine's wall clock in milliseconds, as the propagation bench's commit and denial times are.
 * Read beside `<dir>/changes.jsonl` by summarise-pauses.ts: which pauses lie inside the slowest changes.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { constants, PerformanceObserver, performance } from "node:perf_hooks";

const TICK_MS = 5;
const LATE_MS = 15;

const kinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
};

/**
 * BENCH_TRACE_DIR set: the bench's PostgreSQL logs its checkpoints, autovacuums and statements over 20 ms into its
 * own log folder (`.data/bench/postgres/log`), to read beside the processes' pauses. Only a server the bench starts.
 */
export function tracePostgresSettings(): Record<string, string> | undefined {
  if (!process.env.BENCH_TRACE_DIR) return undefined;
  return { logging_collector: "on", log_checkpoints: "on", log_autovacuum_min_duration: "0", log_min_duration_statement: "20", log_line_prefix: "%m [%p] %a " };
}

/** Starts tracing this process as `name`, when BENCH_TRACE_DIR is set; otherwise does nothing. */
export function tracePauses(name: string): void {
  const dir = process.env.BENCH_TRACE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.${process.pid}.pauses.jsonl`);
  const lines: string[] = [];
  const epoch = (at: number) => performance.timeOrigin + at;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = kinds[((entry as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? -1] ?? "other";
      lines.push(JSON.stringify({ process: `${name} ${process.pid}`, what: `gc ${kind}`, at: epoch(entry.startTime), ms: entry.duration }));
    }
  }).observe({ entryTypes: ["gc"] });
  let expected = performance.now() + TICK_MS;
  setInterval(() => {
    const now = performance.now();
    if (now - expected > LATE_MS) lines.push(JSON.stringify({ process: `${name} ${process.pid}`, what: "event loop late", at: epoch(expected), ms: now - expected }));
    expected = now + TICK_MS;
  }, TICK_MS).unref();
  process.once("exit", () => appendFileSync(file, lines.length ? `${lines.join("\n")}\n` : ""));
}

// Imported through `--import` (child-process.ts): traced under the script's name.
if (process.env.BENCH_TRACE_NAME) tracePauses(process.env.BENCH_TRACE_NAME);
