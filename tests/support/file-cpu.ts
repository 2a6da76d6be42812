// What each Vitest file costs the machine in CPU (issue 62). A file's wall time says little on two shared cores: a
// file that waits on a timer takes a minute and costs nothing, one that spawns the whole system takes the same minute
// and both cores. Each worker process reads its own CPU from /proc/self/stat before and after each file: its own user
// and system time and that of the child processes it has waited for (the benches, `npm start`, the services a test
// spawns and stops), and notes the difference in TSUNAGI_FILE_CPU_LOG; `npm test` lists the files that cost most.
// PostgreSQL's backends are not counted (they are the server's children, not the worker's).
import { appendFileSync, readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's times: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const TICKS_PER_SECOND = 100;

export interface ProcessCpu {
  /** utime + stime: this process's own CPU, seconds. */
  own: number;
  /** cutime + cstime: its waited-for children's (and their waited-for children's), seconds. */
  children: number;
}

/** The fields of a /proc/<pid>/stat line after its command (field 3, the state, first). */
function afterCommand(line: string): string[] {
  return line.slice(line.lastIndexOf(")") + 2).split(" ");
}

/**
 * The CPU times in a /proc/<pid>/stat line. Its second field, the command in parentheses, may hold spaces and
 * parentheses itself ("node (vitest 1)"), so fields are counted from the last ")".
 */
export function parseProcStat(line: string): ProcessCpu {
  const rest = afterCommand(line);
  // After the command: state (field 3) is rest[0]; utime, stime, cutime, cstime are fields 14–17.
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(rest[index]));
  if ([utime, stime, cutime, cstime].some((value) => !Number.isFinite(value))) throw new Error(`not a /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  return { own: (utime! + stime!) / TICKS_PER_SECOND, children: (cutime! + cstime!) / TICKS_PER_SECOND };
}

/** This process's CPU, or undefined where there is no /proc (macOS). */
export function readOwnCpu(): ProcessCpu | undefined {
  try {
    return parseProcStat(readFileSync("/proc/self/stat", "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The CPU of a process and every process under it, seconds: the live ones' own time, and the time of those that
 * ended and were waited for (in their parent's children's time). Chromium's renderers, children of its zygote, end
 * with each test's browser context; their time is in the zygote's from then on. Undefined without /proc.
 */
export function readTreeCpu(rootPid: number = process.pid): number | undefined {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return undefined;
  }
  const stats = new Map<number, string>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      stats.set(Number(name), readFileSync(`/proc/${name}/stat`, "utf8"));
    } catch {
      // It ended between the listing and the read.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, line] of stats) {
    const parent = Number(afterCommand(line)[1]); // field 4, the parent's pid
    const siblings = children.get(parent);
    if (siblings) siblings.push(pid);
    else children.set(parent, [pid]);
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    const line = stats.get(pid);
    if (!line) continue;
    const cpu = parseProcStat(line);
    total += cpu.own + cpu.children;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

export interface FileCpu {
  file: string;
  /** The worker's own CPU while the file ran, seconds. */
  own: number;
  /** Its child processes' that ended while it ran, seconds. */
  children: number;
}

/** Notes one file's CPU in the log TSUNAGI_FILE_CPU_LOG names; without it, nothing. */
export function noteFileCpu(file: string, before: ProcessCpu, after: ProcessCpu): void {
  const log = process.env.TSUNAGI_FILE_CPU_LOG;
  if (!log) return;
  const line: FileCpu = { file, own: round(after.own - before.own), children: round(after.children - before.children) };
  try {
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  } catch {
    // The report folder is gone: the run has ended.
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
