/**
 * Reads a traced propagation run (BENCH_TRACE_DIR, trace-pauses.ts): which pauses lie inside the slowest changes.
 *
 *   BENCH_TRACE_DIR=/tmp/trace BENCH_BRIDGE_ONLY=propagation node --import tsx bench/run.ts bridge
 *   npx tsx bench/bridge/summarise-pauses.ts /tmp/trace [.data/bench/postgres/log] [slow ms, default 50]
 *
 * For every change whose commit → denial took over the bound: the processes' garbage collections and late event loops
 * of 10 ms or more, and PostgreSQL's checkpoint and autovacuum lines, that fall between its commit and its denial.
 * Then, per kind of pause, how many slow changes it overlapped, against how many fast changes it overlapped too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface Change {
  mode: string;
  index: number;
  committed: number;
  denied: number | null;
}
interface Pause {
  process: string;
  what: string;
  at: number;
  ms: number;
}

const [dir, pgLogDir = ".data/bench/postgres/log", slowArg = "50"] = process.argv.slice(2);
if (!dir) throw new Error("usage: summarise-pauses.ts <trace dir> [PostgreSQL log dir] [slow ms]");
const slowMs = Number(slowArg);

const readLines = <T>(file: string): T[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((text) => JSON.parse(text) as T);

const changes = readLines<Change>(path.join(dir, "changes.jsonl")).filter((change) => change.denied !== null);
const pauses: Pause[] = readdirSync(dir)
  .filter((name) => name.endsWith(".pauses.jsonl"))
  .flatMap((name) => readLines<Pause>(path.join(dir, name)))
  .filter((pause) => pause.ms >= 10)
  // One kind per process name: the pid tells two bridges apart in the listing, not in the tally.
  .map((pause) => ({ ...pause, kind: `${pause.process.replace(/ \d+$/, "")}: ${pause.what}` }) as Pause & { kind: string });

// PostgreSQL's lines: "2026-12-01 03:20:01.123 UTC [123] app LOG:  checkpoint starting: time".
if (existsSync(pgLogDir)) {
  for (const name of readdirSync(pgLogDir)) {
    for (const text of readFileSync(path.join(pgLogDir, name), "utf8").split("\n")) {
      const match = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) UTC \[(\d+)\] \S* ?LOG:\s+(checkpoint (?:starting|complete)|automatic (?:vacuum|analyze) of table "[^"]+"|duration: [\d.]+ ms)/.exec(text);
      if (!match) continue;
      const at = Date.parse(`${match[1]!.replace(" ", "T")}Z`);
      const what = match[3]!;
      const took = /elapsed: ([\d.]+) s|duration: ([\d.]+) ms|write=([\d.]+) s, sync=[\d.]+ s, total=([\d.]+) s/.exec(text);
      const ms = took?.[1] ? Number(took[1]) * 1000 : took?.[2] ? Number(took[2]) : took?.[4] ? Number(took[4]) * 1000 : 0;
      // A completed line is stamped at its end: the pause it names began `ms` before.
      const kind = `PostgreSQL: ${what.replace(/ of table "[^"]+"/, "").replace(/duration: [\d.]+ ms/, "a statement over 20 ms").replace(/ (starting|complete)$/, "")}`;
      pauses.push({ process: `PostgreSQL ${match[2]}`, what: `${what}`, at: at - ms, ms: Math.max(ms, 1), kind } as Pause & { kind: string });
    }
  }
}

const inside = (change: Change, pause: Pause) => pause.at < change.denied! && pause.at + pause.ms > change.committed;
const slow = changes.filter((change) => change.denied! - change.committed > slowMs);
const fast = changes.filter((change) => change.denied! - change.committed <= slowMs);
console.log(`${changes.length} changes denied, ${slow.length} over ${slowMs} ms; ${pauses.length} pauses of 10 ms or more (and PostgreSQL's lines)`);

const tally = new Map<string, { slow: number; fast: number; pauses: number; ms: number }>();
for (const pause of pauses as (Pause & { kind: string })[]) {
  const row = tally.get(pause.kind) ?? { slow: 0, fast: 0, pauses: 0, ms: 0 };
  row.pauses += 1;
  row.ms += pause.ms;
  row.slow += slow.filter((change) => inside(change, pause)).length;
  row.fast += fast.filter((change) => inside(change, pause)).length;
  tally.set(pause.kind, row);
}
console.log("\nkind of pause: how many, their ms in all; slow changes it lies inside / fast changes it lies inside");
for (const [kind, row] of [...tally].sort((a, b) => b[1].slow - a[1].slow)) {
  console.log(`  ${kind}: ${row.pauses}, ${row.ms.toFixed(0)} ms; ${row.slow} / ${row.fast}`);
}
const unexplained = slow.filter((change) => !pauses.some((pause) => inside(change, pause)));
console.log(`\nslow changes with no pause inside: ${unexplained.length} of ${slow.length}`);

console.log("\nthe slowest 15, each with its pauses:");
for (const change of [...slow].sort((a, b) => b.denied! - b.committed - (a.denied! - a.committed)).slice(0, 15)) {
  const within = pauses.filter((pause) => inside(change, pause)).map((pause) => `${pause.process} ${pause.what} ${pause.ms.toFixed(0)} ms at +${(pause.at - change.committed).toFixed(0)}`);
  console.log(`  ${change.mode} #${change.index}: ${(change.denied! - change.committed).toFixed(0)} ms${within.length ? ` — ${within.join("; ")}` : ""}`);
}
