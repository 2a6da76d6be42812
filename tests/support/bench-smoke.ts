/**
 * Benches that cannot rot (issue 60 Deliver 4): every suite of `npm run bench`, and every part of each, run in the
 * suite in smoke mode (BENCH_SMOKE=1, bench/smoke.ts: tiny sizes, rounds of half a second), as a child process
 * `node build-bench/current/run.mjs <suites>` — what `npm run bench -- <suites>` runs, compiled (ADR 173; the suite's
 * build step makes the bundle, and each worker checks once that it is current, as the npm script does). A test asserts
 * that it exits 0 and printed, in order, the lines a reader looks for in each part (its heading and its last figures),
 * so a part that throws, or stops early, fails the suite. No figure is asserted: at these sizes they mean nothing.
 *
 * The files tests/integration/bench-smoke-*.test.ts each run one entry of `smokeRuns`, so they run side by side on
 * the suite's workers; tests/integration/test-suite-layout.test.ts checks that together they run every suite and every
 * part of the bridge's, and that each has its file.
 *
 * Each run uses the test run's PostgreSQL server: DATABASE_URL is the file's own database (useTestDatabase), and the
 * databases the benches make there are named with BENCH_DATABASE_PREFIX = the run's prefix and a random part
 * (`tsunagi_t_<pid>_<random>_tsunagi_bench_web`), so two files at once, or a bench run by hand on the same server,
 * never drop each other's, and the run's teardown drops what a killed bench left. Every port a bench listens on is
 * free when asked for (port 0 or freePort), every data folder a new temporary one; the idle suite's `npm start` runs
 * its own embedded PostgreSQL in its own folder. The web build is the one the run's global setup made (BENCH_SKIP_BUILD=1).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { benchSuites, bridgeParts, type BenchSuite, type BridgePart } from "../../bench/suites";
import { benchEntry, ensureBenchBuild } from "../../scripts/lib/bench-build";
import { randomSuffix } from "../../scripts/lib/postgres";
import { useTestDatabase } from "./database";

const repoRoot = path.resolve(import.meta.dirname, "../..");

/** The web suite's lines, in its two measurements (BENCH_WEB_PART): the seeding, then one process, then the whole system. */
const webHeading = ["Web app: the request path against a plain Remix page", "participants with accounts, identities, 2 samples and a session each"];
const webOneProcess = [
  "one app process, beside the template's one process",
  "template (Remix's Express template)",
  "/staff/participants (staff)",
  "(of CPU/req, PostgreSQL's backends:",
  "Page weight as a phone loads it",
  "/staff/participants (staff)",
  "Public pages from the shared cache",
  "| /register, cached |",
];
const webWholeSystem = ["the whole system as npm start runs it", "template (Remix's Express template)", "/results (demo participants)", "(of CPU/req, PostgreSQL's backends:"];
const webFurigana = ["The furigana JSX runtime (ADR 037)", "furigana runtime, やさしい日本語 page"];

/**
 * The lines each suite prints, in order, that a reader looks for: each part's heading and what it prints last. Each is
 * looked for after the one before it, so a part that silently stops leaves the rest missing.
 */
const suiteLines: Record<Exclude<BenchSuite, "bridge">, readonly string[]> = {
  foundation: ["session validation (Prisma, hash compare)", "bare primary-key SELECT (pg)", "ratio validation / bare query", "argon2id password verify", "SHA-256 of a session secret", "ratio argon2id / SHA-256 cost"],
  web: [...webHeading, ...webOneProcess, ...webWholeSystem, ...webFurigana],
  idle: ["Idle: a started system doing nothing", "npm start (the compiled scripts/start.ts", "CPU over each", "The last window, by part", "all of it"],
  recontact: ["Recontact campaigns", "(cohort:", "Audience of one campaign", "preview (read-only)", "claim (locks, deliveries written)"],
  access: ["Data access: automatic consent matching", "(cohort:", "One application (HMB, a company abroad)", "grouped by identical consent", "every participant judged one by one"],
  transparency: [
    "Transparency: snapshot refresh and the public dashboard",
    "participants over 24 months with ledger events and consent",
    "snapshot refresh (every figure, one transaction)",
    "one app process; ",
    "ratio /transparency / /sign-in",
    "cluster of 2 app processes",
    "ratio /transparency / /sign-in",
  ],
  consultations: ["Consultations (issue 28)", "live responses", "counting with cell keys", "closing release made", "analysis page's loader", "CSV export", "JSON export", "ratio page / bare count"],
  scale: [
    "A national cohort (issue 30 item 6)",
    "(tsunagi_bench_scale_base:",
    "(tsunagi_bench_scale:",
    "(the bridge's decision log:",
    "1. /consent server CPU per request, side by side",
    "ratio, machine less load generator",
    "2. Data access over",
    "ratio, before / by shape",
    "3. Recontact over",
    "as seeded (",
    "after them (",
    "ratio, reference / 079",
    "4. The transparency snapshot",
    "roll-up of",
    "snapshot refresh with the roll-ups",
    "5. A release of",
    "(the bridge's projection:",
    "4. Release: POST /v1/releases",
    "ratio of bytes, detached / attached",
    "included; excluded:",
  ],
};

/** The bridge's, part by part (bench/bridge/run-bridge-benchmarks.ts), in the order it runs them. */
const bridgeLines: Record<BridgePart, readonly string[]> = {
  "in-process": ["2. Batch decisions in-process", "whole batch: parse, log rows, JSON, 1 ES256", "ratio whole batch / evaluateDecision", "% of each batch allowed"],
  decisions: ["1. Decisions over HTTP keep-alive", "ratio bridge / bare (req/s)", "ES256 signature of one answer, in-process", "CPU per request, bridge / bare", "failed responses: bridge"],
  invitations: ["4. Release: POST /v1/releases", "ratio of bytes, detached / attached", "included; excluded:", "5. Study invitations", "invitable; excluded:"],
  propagation: [
    "(cohort:",
    "3. Withdrawal propagation",
    "withdrawConsent (the verb): propagation",
    "CPU a change, the verb",
    "COMMIT apart: propagation",
    "CPU a change, COMMIT apart",
    "stopProvision (the verb): propagation",
    "COMMIT apart, one at a time",
    "CPU a change, the verb one at a time",
    "the witness (ADR 113)",
    "the ledger lock is held from pg_advisory_xact_lock to COMMIT",
    "(a private nats-server;",
    "3b. The same withdrawal with the bridge on NATS",
    "direct publish off (the relay alone): propagation",
    "direct publish on: propagation",
    "ratio on / off",
  ],
  capacity: [
    "(stream:",
    "5. Catch-up: a NEW replica against a restarted one",
    "ratio new / restarted (time to ready)",
    "(the second replica, new,",
    "6. Capacity: two replicas beside one",
    "single POST /v1/decisions",
    "batches of 100",
    "(a decision is counted once it is in the decision log",
  ],
};

export interface SmokeRun {
  suites: readonly BenchSuite[];
  /** Of the web suite, this measurement only (BENCH_WEB_PART); both when not given. */
  web?: "one" | "whole";
  /** Of the bridge suite, these parts only (BENCH_BRIDGE_ONLY); all when not given. */
  bridge?: readonly BridgePart[];
}

/**
 * One entry per test file (`tests/integration/<name>.test.ts`). The suites that only seed and query the database share
 * one process (a bench process's start, tsx and the app's modules, is most of their time); the bridge is split so
 * that neither half takes a minute on two busy cores.
 */
export const smokeRuns = {
  "bench-smoke-database-suites": { suites: ["foundation", "recontact", "access", "consultations"] },
  "bench-smoke-web": { suites: ["web"], web: "one" },
  "bench-smoke-web-whole": { suites: ["web"], web: "whole" },
  "bench-smoke-idle": { suites: ["idle"] },
  "bench-smoke-bridge": { suites: ["bridge"], bridge: ["in-process", "decisions", "invitations", "propagation"] },
  "bench-smoke-bridge-capacity": { suites: ["bridge"], bridge: ["capacity"] },
  "bench-smoke-transparency": { suites: ["transparency"] },
  "bench-smoke-scale": { suites: ["scale"] },
} as const satisfies Record<string, SmokeRun>;
export type SmokeRunName = keyof typeof smokeRuns;

/** What a run must print, in order: run.ts runs its suites in its own order, whatever order they are named in. */
export function expectedLines(run: SmokeRun): string[] {
  const lines: string[] = [];
  for (const suite of benchSuites.filter((name) => run.suites.includes(name))) {
    if (suite === "web" && run.web) {
      lines.push(...webHeading, ...(run.web === "one" ? [...webOneProcess, ...webFurigana] : webWholeSystem));
      continue;
    }
    if (suite !== "bridge") {
      lines.push(...suiteLines[suite]);
      continue;
    }
    lines.push("Pipeline bridge");
    const parts = bridgeParts.filter((part) => !run.bridge || run.bridge.includes(part));
    for (const part of parts) {
      // The projection's line comes once, before the first of the parts on the seeded bridge.
      if (part === "decisions" || (part === "invitations" && !parts.includes("decisions"))) lines.push("(projection:");
      lines.push(...bridgeLines[part]);
    }
  }
  return lines;
}

/** The expected lines not found in `output` in order (each looked for after the last one found). */
export function missingLines(output: string, expected: readonly string[]): string[] {
  const missing: string[] = [];
  let from = 0;
  for (const text of expected) {
    const at = output.indexOf(text, from);
    if (at === -1) missing.push(text);
    else from = at + text.length;
  }
  return missing;
}

/**
 * Stops a run and everything it started, which is its process group (it was spawned to lead one): SIGTERM, and
 * SIGKILL 10 s later to what is left. A group already empty is left alone.
 */
async function stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
      return true;
    } catch {
      return false; // ESRCH: nothing left in the group.
    }
  };
  if (!signal("SIGTERM")) return;
  const killer = setTimeout(() => signal("SIGKILL"), 10_000);
  await exited;
  clearTimeout(killer);
}

/** Whether the bench bundle is current, checked once per worker (a hash of every file it read), as operator-command.ts does. */
let bundleChecked: Promise<unknown> | undefined;

/** Declares, in the calling test file, the test that runs `name`'s suites in smoke mode. */
export function benchSmokeTest(name: SmokeRunName, timeoutMs = 300_000): void {
  const run: SmokeRun = smokeRuns[name];
  const db = useTestDatabase();
  let dataDir = "";
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "tsunagi-bench-smoke-"));
  });
  afterAll(async () => {
    if (child) await stopGroup(child, exited);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const command = `npm run bench -- ${run.suites.join(" ")}${run.bridge ? ` (BENCH_BRIDGE_ONLY=${run.bridge.join(",")})` : ""}${run.web ? ` (BENCH_WEB_PART=${run.web})` : ""}`;
  it(`${command} runs every part to its end in smoke mode`, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // As `npm run bench` runs: no BENCH_ setting of the shell's, no test-only NODE_ENV, no shared NATS (the benches
    // start their own), no log file of the run's.
    for (const variable of Object.keys(env)) if (variable.startsWith("BENCH_") || ["NODE_ENV", "NATS_URL", "LOG_FILE"].includes(variable)) delete env[variable];
    Object.assign(env, {
      DATABASE_URL: db.url,
      TSUNAGI_DATA_DIR: dataDir,
      BENCH_SMOKE: "1",
      BENCH_SKIP_BUILD: "1",
      BENCH_DATABASE_PREFIX: `${inject("tsunagiTestDatabase").prefix}${randomSuffix(3)}_`,
      ...(run.bridge ? { BENCH_BRIDGE_ONLY: run.bridge.join(",") } : {}),
      ...(run.web ? { BENCH_WEB_PART: run.web } : {}),
    });
    bundleChecked ??= ensureBenchBuild();
    await bundleChecked;
    const started = spawn(process.execPath, [benchEntry("run"), ...run.suites], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child = started;
    let stdout = "";
    let stderr = "";
    started.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    started.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-8_000)));
    exited = new Promise<number | null>((resolve) => started.once("exit", (code) => resolve(code)));
    const code = await exited;
    // Its output to the last line: the pipes close once nothing it started holds them any more (a few seconds at most).
    if (started.stdout.readable || started.stderr.readable) await Promise.race([new Promise((resolve) => started.once("close", resolve)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    // Whatever it started and left running goes with it.
    await stopGroup(started, Promise.resolve());
    child = undefined;

    const missing = missingLines(stdout, expectedLines(run));
    expect({ code, missing }, `${command} in smoke mode:\n--- stdout (its end)\n${stdout.slice(-6_000)}\n--- stderr (its end)\n${stderr}`).toEqual({ code: 0, missing: [] });
  }, timeoutMs);
}
