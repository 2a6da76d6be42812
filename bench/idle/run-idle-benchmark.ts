/**
 * Idle is idle (issue 30 item 5; `npm run bench -- idle`): `npm start` (scripts/start.ts) as a user runs it — its own
 * embedded PostgreSQL in a fresh data folder, migrations, the demo, the app's cluster, the job worker, the scheduled
 * jobs, the ledger checkpointer, the outbox relay and the bridge (NATS only if NATS_URL is set) — started, left alone
 * to settle for a minute (the start's last work and V8's clean-up after it), then measured doing nothing for three
 * minutes, each on its own: the CPU of every process it started (read from /proc), as a share of one core, per part and
 * in all for the last. The production build must exist (the web suite builds it; BENCH_SKIP_BUILD=1
 * trusts build/). BENCH_IDLE_SECONDS changes the minute, BENCH_IDLE_SETTLE_SECONDS the settling. Smoke mode
 * (bench/smoke.ts): a second each, one window, no demo cohort and one app worker (unless DEMO_COHORT and
 * WEB_CONCURRENCY say otherwise).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pause } from "../bridge/figures";
import { ensureServicesBuild, servicesEntry, startNodeFlags } from "../../scripts/lib/services-build";
import { buildApp, freePort } from "../web/run-web-benchmarks";
import { smoke, sizedFromEnv } from "../smoke";

/**
 * A minute, by default: the series in bench/RESULTS.md uses it. V8's own clean-up after the start (the memory reducer's
 * full collections, handing the demo's heap back) still runs through the second minute (ADR 078), so three windows
 * follow and the last is the settled system the goal is about (ADR 111).
 */
const SETTLE_SECONDS = sizedFromEnv("BENCH_IDLE_SETTLE_SECONDS", 60, 1);
/** How many consecutive windows are measured after the settle (BENCH_IDLE_WINDOWS; default 3): the goal is judged on the last. */
const WINDOWS = Math.max(1, sizedFromEnv("BENCH_IDLE_WINDOWS", 3, 1));
const GOAL_PERCENT = 1;
const root = path.resolve(import.meta.dirname, "../..");

interface ProcessCpu {
  parent: number;
  ticks: number;
  name: string;
  command: string;
}

const ticksPerSecond = 100;

function processes(): Map<number, ProcessCpu> {
  const all = new Map<number, ProcessCpu>();
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      all.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), name, command });
    } catch {
      // Gone meanwhile.
    }
  }
  return all;
}

function descendants(rootPid: number, all: Map<number, ProcessCpu>): Set<number> {
  const found = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, info] of all) {
      if (!found.has(pid) && found.has(info.parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return found;
}

/** Which part of the started system a process is. */
function partOf(pid: number, info: ProcessCpu, serviceProcess: number | undefined): string {
  if (info.name === "postgres") return "PostgreSQL (postmaster, backends, WAL writer, checkpointer …)";
  if (pid === serviceProcess) return "npm start's process (cluster primary, job worker, scheduled jobs, checkpointer, relay, bridge)";
  if (info.command.includes("esbuild")) return "tsx's esbuild service";
  if (info.name === "node" || info.command.includes("node")) return "app workers (the cluster)";
  return info.name;
}

export async function runIdleBenchmark(print: (text: string) => void = (text) => console.log(text)): Promise<{ percent: number }> {
  print("Idle: a started system doing nothing (issue 30 item 5)");
  print("-------------------------------------------------------");
  await buildApp();
  const dataDir = mkdtempSync(path.join(tmpdir(), "tsunagi-bench-idle-"));
  const [port, bridgePort, postgresPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, TSUNAGI_DATA_DIR: dataDir, PORT: String(port), BRIDGE_PORT: String(bridgePort), EMBEDDED_POSTGRES_PORT: String(postgresPort), SKIP_BUILD: "1", NODE_ENV: "production" };
  // Its own embedded PostgreSQL, not the bench's: the database's idle work counts, and is the started system's alone.
  for (const name of ["DATABASE_URL", "APP_URL", "BRIDGE_URL", "LOG_FILE"]) delete env[name];
  // The demo's 3,000 participants take most of a start: smoke mode starts without them, and one app worker for the cluster.
  if (smoke) {
    env.DEMO_COHORT ??= "0";
    env.WEB_CONCURRENCY ??= "1";
  }
  const started = performance.now();
  // As `npm start` runs it (package.json): the services compiled (ADR 081), then plain node on them.
  await ensureServicesBuild({ root });
  const child = spawn(process.execPath, [...startNodeFlags, servicesEntry("start", root)], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const marker = path.join(dataDir, "started");
    while (!existsSync(marker)) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before it had started`);
      if (performance.now() - started > 300_000) throw new Error("npm start had not started within 5 minutes");
      await pause(250);
    }
    print(`   npm start (the compiled scripts/start.ts, SKIP_BUILD=1, its own embedded PostgreSQL, the demo${process.env.NATS_URL ? ", NATS" : ", no NATS_URL"}) started in ${((performance.now() - started) / 1000).toFixed(0)} s; left ${SETTLE_SECONDS} s to settle`);
    await pause(SETTLE_SECONDS * 1000);
    const seconds = sizedFromEnv("BENCH_IDLE_SECONDS", 60, 1);
    const percentOf = (ticks: number) => (ticks / ticksPerSecond / seconds) * 100;
    // Consecutive windows: the first after the settle still holds the start's tail (V8's memory reducer handing back
    // the demo's heap, about 100 s after "started"); the goal is judged on the last, a system settled (ADR 111).
    const windows: { from: number; parts: Map<string, number>; total: number; processes: number }[] = [];
    for (let index = 0; index < WINDOWS; index++) {
      const before = processes();
      await pause(seconds * 1000);
      const after = processes();
      const tree = descendants(child.pid!, after);
      // The process that runs the services: the one started above (its children are PostgreSQL and the app workers).
      const serviceProcess = child.pid;
      const parts = new Map<string, number>();
      let total = 0;
      for (const pid of tree) {
        const now = after.get(pid)!;
        const then = before.get(pid);
        const ticks = now.ticks - (then && then.command === now.command ? then.ticks : 0);
        total += ticks;
        const part = partOf(pid, now, serviceProcess);
        parts.set(part, (parts.get(part) ?? 0) + ticks);
      }
      windows.push({ from: SETTLE_SECONDS + index * seconds, parts, total, processes: tree.size });
    }
    print(`   CPU over each ${seconds} s of nothing to do, as a share of one core, from the given second after "started":`);
    for (const window of windows) print(`     ${`${window.from}–${window.from + seconds} s`.padEnd(14)} ${percentOf(window.total).toFixed(2).padStart(6)} %`);
    const last = windows.at(-1)!;
    print(`   The last window, by part (${last.processes} processes):`);
    for (const [part, ticks] of [...last.parts].sort((a, b) => b[1] - a[1])) print(`     ${part.padEnd(100)} ${percentOf(ticks).toFixed(2).padStart(6)} %`);
    const percent = percentOf(last.total);
    print(`     ${"all of it".padEnd(100)} ${percent.toFixed(2).padStart(6)} %   goal < ${GOAL_PERCENT} %: ${percent < GOAL_PERCENT ? "met" : "NOT met"}`);
    print("");
    return { percent };
  } finally {
    child.kill("SIGINT");
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    await exited;
    clearTimeout(killer);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runIdleBenchmark();
