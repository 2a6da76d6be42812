/**
 * CPU time from Linux's /proc, for saying where a benchmark's cores went: a process's own (every thread: the bridge
 * signs on libuv's pool), and the whole machine's busy and total time. On a 2-core machine the load generator,
 * PostgreSQL and the servers under test share the cores, so a throughput figure means little without them.
 * Elsewhere than Linux every reading is NaN and the figures print as n/a.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

/** USER_HZ: the unit of /proc's CPU times (100 on every common Linux). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Milliseconds of CPU (user + system, all threads) process `pid` has used so far; NaN when it cannot be read. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and the state.
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks()) * 1000;
  } catch {
    return Number.NaN;
  }
}

/**
 * Milliseconds of CPU (user + system) the main thread of process `pid` has used so far: the thread that runs its
 * JavaScript, without libuv's pool (where the bridge signs). NaN when it cannot be read.
 */
export function mainThreadCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const fields = statFields(pid, `/proc/${pid}/task/${pid}/stat`);
  return fields ? ((Number(fields[11]) + Number(fields[12])) / clockTicks()) * 1000 : Number.NaN;
}

export interface MachineCpu {
  /** Milliseconds of CPU spent busy on all cores (everything but idle and iowait). */
  busyMs: number;
  /** Milliseconds of CPU that passed on all cores. */
  totalMs: number;
}

/** The machine's CPU counters so far, summed over its cores (/proc/stat's first line). */
export function machineCpu(): MachineCpu {
  try {
    const first = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
    const values = first.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
    const toMs = (ticks: number) => (ticks / clockTicks()) * 1000;
    return { busyMs: toMs(user + nice + system + irq + softirq + steal), totalMs: toMs(user + nice + system + idle + iowait + irq + softirq + steal) };
  } catch {
    return { busyMs: Number.NaN, totalMs: Number.NaN };
  }
}

function statFields(pid: number, file = `/proc/${pid}/stat`): string[] | undefined {
  try {
    const stat = readFileSync(file, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** The parent of process `pid`, when it can be read. */
export function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

/**
 * Milliseconds of CPU used so far by process `root` and its children, with what children that have already exited
 * left behind (cutime/cstime): a PostgreSQL server's postmaster with its backends, WAL writer and checkpointer.
 */
export function processTreeCpuMs(root: number | undefined): number {
  if (root === undefined) return Number.NaN;
  const own = statFields(root);
  if (!own) return Number.NaN;
  // utime stime cutime cstime are fields 14–17 of the line: 12–15 after the name and the state.
  const ticksOf = (fields: string[]) => Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  let ticks = ticksOf(own);
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === root) ticks += ticksOf(fields);
  }
  return (ticks / clockTicks()) * 1000;
}

/** The first process whose command line contains `text` (say, a server's own store directory). */
export function findProcess(text: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").includes(text)) return Number(entry);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return undefined;
}

/** Process `pid`'s command name (/proc/<pid>/comm), when there is one here. */
export function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * The postmaster of the PostgreSQL server a connection's backend (`SELECT pg_backend_pid()`) runs under, when that
 * server runs on this machine; undefined for a server elsewhere (its pid would name some other process here).
 */
export function postmasterOf(backendPid: number): number | undefined {
  return processName(backendPid) === "postgres" ? parentOf(backendPid) : undefined;
}

/**
 * Milliseconds of CPU used so far by each of a PostgreSQL server's processes, summed by whom they serve: a backend by
 * the local process on the other end of its connection (its name in `owners`, by pid; "elsewhere" when none), any other
 * child by its role ("checkpointer", "walwriter", "autovacuum worker" …). For a traced run (BENCH_TRACE_DIR), not the
 * report: backends that exit meanwhile take their time with them.
 */
export function postgresCpuByOwner(postmaster: number | undefined, owners: ReadonlyMap<number, string>): Record<string, number> {
  const byOwner: Record<string, number> = {};
  if (postmaster === undefined) return byOwner;
  // Which local process holds each client port: `ss` names the owner of every TCP socket on this machine.
  const portOwner = new Map<number, number>();
  try {
    for (const row of execFileSync("ss", ["-tnpH"], { encoding: "utf8" }).split("\n")) {
      const match = /^\S+\s+\d+\s+\d+\s+\S+:(\d+)\s+\S+\s+users:\(\("[^"]*",pid=(\d+)/.exec(row);
      if (match) portOwner.set(Number(match[1]), Number(match[2]));
    }
  } catch {
    // No ss here: every backend is counted as "elsewhere".
  }
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const pid = Number(entry);
    if (parentOf(pid) !== postmaster) continue;
    let command = "";
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
    } catch {
      continue;
    }
    const client = /\(\s*(\d+)\)/.exec(command);
    const owner = client ? (owners.get(portOwner.get(Number(client[1])) ?? -1) ?? "elsewhere") : command.replace(/^postgres:\s*/, "").replace(/\s+$/, "");
    byOwner[owner] = (byOwner[owner] ?? 0) + processCpuMs(pid);
  }
  return byOwner;
}
