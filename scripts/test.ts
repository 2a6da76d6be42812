// `npm test`: every check the project has, in order, stopping at the first failure.
//
//   1. locale check            scripts/check-locales.ts
//   2. Prisma client           npm run db:generate -- --if-stale (unless the client is current: postinstall made it)
//   3. typecheck    ┐          tsc --noEmit, TypeScript 7's (ADR 177)
//   4. lint         │ side     eslint . (runs on beside step 7, which a lint error stops)
//   5. dependencies │ by side  knip --dependencies
//   6. build        ┘          the production build in build/ and the services' bundle in build-services/ (ADR 081),
//                              each unless it is current (scripts/lib/app-build.ts, scripts/lib/services-build.ts)
//   7. unit + integration      vitest run   (integration tests start their own PostgreSQL; apps serve step 6's build)
//   8. Chromium                scripts/ensure-chromium.ts (finds or installs one; never skips the browser tests)
//   9. browser                 playwright test   (its webServers are `npm start` on step 6's builds, each with its own PostgreSQL)
//  10. log privacy             vitest run --config tests/log-privacy/vitest.config.ts   (reads step 9's server logs)
//  11. test file times         the files over 60 s named; over TEST_FILE_LIMIT_SECONDS, when set, a failure (ADR 171)
//
// Nothing here expects a service on this machine (no PostgreSQL on 5432, no NATS on 4222).
// It ends with the 15 slowest test files and the 15 slowest tests of each runner (docs/testing.md), the tests that
// failed with the first lines of their errors, a table of each step's wall time and its share of the run, and,
// when both runners reported their counts, the line "N passed, N failed" summing Vitest's and Playwright's tests.
// Exit code 0 only if every step passed.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runLocaleCheck } from "./check-locales";
import { ensureChromium } from "./ensure-chromium";
import { ensureAppBuild } from "./lib/app-build";
import { ensureServicesBuild } from "./lib/services-build";
import { ensureBenchBuild } from "./lib/bench-build";
import { localBin as bin, repoRoot } from "./lib/test-commands";
import {
  costliestPlaywrightFiles,
  costliestVitestFiles,
  failedPlaywrightTests,
  failedVitestTests,
  filesOverLimit,
  unhandledVitestErrors,
  slowestPlaywrightFiles,
  slowestPlaywrightTests,
  slowestVitestFiles,
  slowestVitestTests,
  type FailedTest,
  type FileTime,
  type TestTime,
} from "./lib/test-report";

const reportDir = mkdtempSync(path.join(tmpdir(), "tsunagi-test-"));
const vitestJson = path.join(reportDir, "vitest.json");
const playwrightJson = path.join(reportDir, "playwright.json");
const vitestUnhandledJson = path.join(reportDir, "vitest-unhandled.json");
const vitestStallLog = path.join(reportDir, "vitest-stalls.jsonl");
const vitestFileCpuLog = path.join(reportDir, "vitest-file-cpu.jsonl");
const playwrightCpuLog = path.join(reportDir, "playwright-cpu.jsonl");

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Where a step's output goes: the terminal, or (for steps run side by side) a buffer printed when it ends. */
type Output = ((text: string) => void) | undefined;

interface Step {
  name: string;
  command: string;
  run: (output: Output) => Promise<boolean>;
  /** For test runners: their counts, read after the run (undefined if the runner wrote none). */
  counts?: (passed: boolean) => Counts | undefined;
  /** For test runners: what each test file took, read after the run. */
  files?: () => FileTime[];
  /** For test runners: what each test took, read after the run. */
  tests?: () => TestTime[];
  /** For test runners: the tests that failed, read after the run, listed again just above the summary. */
  failures?: () => FailedTest[];
  /** Its runner's name in the table of slowest files. */
  runner?: string;
  /**
   * A step of a side-by-side phase that the phase does not wait for: it runs on beside the next step, which the run
   * waits for with it, and a failure of it stops that step at once (issue 62: ESLint's end of the phase on one core).
   */
  runsOn?: true;
}

/** A step, or steps run side by side (each still timed on its own). */
type Phase = Step | Step[];

interface Outcome {
  step: Step;
  ok: boolean;
  seconds: number;
  counts?: Counts;
}

let interruptedBy: NodeJS.Signals | undefined;
/** A step that ran on beside the next one (Step.runsOn) and failed, stopping it. */
let stoppedBy: Step | undefined;

const children = new Set<ChildProcess>();

/**
 * Runs a command with the terminal as its stdout/stderr, or sending both to `output`; resolves to true if it exits 0.
 */
function command(file: string, args: string[], env: Record<string, string | undefined> = {}, output?: Output): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: repoRoot, stdio: output ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, ...env } });
    children.add(child);
    child.stdout?.on("data", (chunk: Buffer) => output?.(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => output?.(chunk.toString("utf8")));
    child.on("error", (error) => {
      (output ?? ((text: string) => process.stderr.write(text)))(`Could not start ${file}: ${error.message}\n`);
      children.delete(child);
      resolve(false);
    });
    child.on("close", (code, signal) => {
      children.delete(child);
      if (signal) (output ?? ((text: string) => process.stderr.write(text)))(`${path.basename(file)} was stopped by ${signal}\n`);
      resolve(code === 0);
    });
  });
}

/**
 * Stops a step's command and every process under it. Vitest's main process, stopped alone, leaves its workers, its
 * PostgreSQL and its NATS server running (a terminal's Ctrl-C reaches the whole process group; a kill does not).
 */
function stopTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  // Without /proc (not Linux), the command alone.
  if (!existsSync("/proc/self/stat")) {
    child.kill("SIGTERM");
    return;
  }
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent's pid is the second field after the command's name (which may hold spaces) in /proc/<pid>/stat.
      const parent = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // Ended meanwhile.
    }
  }
  const tree: number[] = [];
  for (let queue = [child.pid]; queue.length > 0; ) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue = [...queue, ...(parents.get(pid) ?? [])];
  }
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Ended meanwhile.
    }
  }
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** A runner that exited non-zero has failed something, even if no single test is marked failed (say, a file that would not load). */
function atLeastOneFailure(counts: Counts, passed: boolean): Counts {
  return !passed && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
}

function vitestCounts(passed: boolean): Counts | undefined {
  const report = readJson(vitestJson) as
    | { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number; numFailedTestSuites?: number }
    | undefined;
  if (typeof report?.numPassedTests !== "number" || typeof report.numFailedTests !== "number") return undefined;
  const failed = report.numFailedTests === 0 ? (report.numFailedTestSuites ?? 0) : report.numFailedTests;
  return atLeastOneFailure(
    { passed: report.numPassedTests, failed, skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) },
    passed,
  );
}

function playwrightCounts(passed: boolean): Counts | undefined {
  const report = readJson(playwrightJson) as
    | { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number }; errors?: unknown[] }
    | undefined;
  const stats = report?.stats;
  if (typeof stats?.expected !== "number" || typeof stats.unexpected !== "number") return undefined;
  return atLeastOneFailure(
    { passed: stats.expected + (stats.flaky ?? 0), failed: stats.unexpected, skipped: stats.skipped ?? 0 },
    passed,
  );
}

/** The most a single test file may take, in seconds, when set (issue 62, ADR 171: 60 is the goal for CI). */
const fileLimitSeconds = process.env.TEST_FILE_LIMIT_SECONDS ? Number(process.env.TEST_FILE_LIMIT_SECONDS) : undefined;
if (fileLimitSeconds !== undefined && !(fileLimitSeconds > 0)) throw new Error(`TEST_FILE_LIMIT_SECONDS must be a number of seconds over 0, not ${process.env.TEST_FILE_LIMIT_SECONDS}`);

/** A report read that never throws: a missing or odd report lists nothing. */
function safely<T>(read: (() => T[]) | undefined): T[] {
  try {
    return read?.() ?? [];
  } catch {
    return [];
  }
}

const typecheck: Step = {
  name: "Typecheck",
  command: "tsc --noEmit (TypeScript 7)",
  // TypeScript 7's compiler (ADR 177): the same checks as TypeScript 5's tsc in about a fifth of the CPU. Named by
  // its path: two packages declare a `tsc` bin (TypeScript 5 stays for the tools that use its API), and which one
  // node_modules/.bin links is npm's choice.
  run: (output) => command(process.execPath, [path.join(repoRoot, "node_modules", "typescript-7", "bin", "tsc"), "--noEmit"], {}, output),
};
const lint: Step = {
  name: "Lint",
  command: "eslint . --max-warnings 0",
  runsOn: true,
  // One thread (ADR 134). With the typecheck on TypeScript 7 (ADR 177) ESLint is the phase's longest job, and still a
  // second thread does not shorten the phase: 151 and 143 s against 151 and 135 s on one, 23 CPU-s more (side by side
  // with the typecheck and the build, docs/testing.md).
  run: (output) => command(bin("eslint"), [".", "--max-warnings", "0"], {}, output),
};
const dependencies: Step = {
  name: "Dependencies",
  command: "knip --dependencies",
  // A package imported but not declared, or declared and not used (knip.jsonc). Its own job, no longer after ESLint's:
  // ESLint ends the phase alone on one core, and knip's 12 s fit on the other.
  run: (output) => command(bin("knip"), ["--dependencies", "--no-progress"], {}, output),
};
const build: Step = {
  name: "Build",
  command: "vite build, the services' bundle and the benchmarks' (each unless current)",
  run: async (output) => {
    const write = output ?? ((text: string) => process.stdout.write(text));
    try {
      const { built } = await ensureAppBuild({ log: (line) => write(`${line}\n`), output });
      if (!built) write("build/ is a build of the current code: reused\n");
      // The services as `npm start` runs them (ADR 081): the browser tests' servers are `npm start`, and three of them
      // starting at once would otherwise wait in turn on one of them compiling.
      const services = await ensureServicesBuild({ log: (line) => write(`${line}\n`) });
      if (!services.built) write("build-services/ is a bundle of the current code: reused\n");
      // The benchmarks, compiled the same way (ADR 173): the smoke tests run them as `npm run bench` does.
      const bench = await ensureBenchBuild({ log: (line) => write(`${line}\n`) });
      if (!bench.built) write("build-bench/ is a bundle of the current code: reused\n");
      return true;
    } catch (error) {
      write(`${error instanceof Error ? error.message : String(error)}\n`);
      return false;
    }
  },
};

const vitestStep: Step = {
  name: "Unit and integration tests",
  command: "vitest run",
  run: () =>
    command(bin("vitest"), [
      "run",
      // Playwright's specs live in tests/e2e; they are not Vitest tests.
      "--exclude",
      "tests/e2e/**",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${vitestJson}`,
      // Errors outside any test's result, which the JSON report leaves out, listed again at the end.
      "--reporter=./scripts/lib/vitest-unhandled-errors.ts",
    ], { VITEST_UNHANDLED_ERRORS_FILE: vitestUnhandledJson, TSUNAGI_STALL_LOG: vitestStallLog, TSUNAGI_FILE_CPU_LOG: vitestFileCpuLog }),
  counts: vitestCounts,
  files: () => slowestVitestFiles(readJson(vitestJson), repoRoot),
  tests: () => slowestVitestTests(readJson(vitestJson), repoRoot),
  failures: () => [...failedVitestTests(readJson(vitestJson), repoRoot), ...unhandledVitestErrors(readJson(vitestUnhandledJson), repoRoot)],
  runner: "Vitest (unit and integration)",
};
const chromiumStep: Step = {
  name: "Chromium",
  command: "scripts/ensure-chromium.ts",
  run: async () => {
    try {
      process.env.CHROMIUM_PATH = await ensureChromium();
      console.log(`Chromium: ${process.env.CHROMIUM_PATH}`);
      return true;
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      return false;
    }
  },
};
const browserStep: Step = {
  name: "Browser tests",
  command: "playwright test",
  run: () =>
    command(bin("playwright"), ["test"], {
      CHROMIUM_PATH: process.env.CHROMIUM_PATH,
      PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightJson, // read by playwright.config.ts to add the json reporter
      PLAYWRIGHT_CPU_LOG: playwrightCpuLog, // each test's CPU, its worker's and its Chromium's (tests/e2e/fixtures.ts)
    }),
  counts: playwrightCounts,
  files: () => slowestPlaywrightFiles(readJson(playwrightJson)),
  tests: () => slowestPlaywrightTests(readJson(playwrightJson)),
  failures: () => failedPlaywrightTests(readJson(playwrightJson)),
  runner: "Playwright (browser)",
};

const phases: Phase[] = [
  {
    name: "Locale check",
    command: "scripts/check-locales.ts",
    run: async () => runLocaleCheck() === 0,
  },
  {
    name: "Prisma client",
    command: "npm run db:generate -- --if-stale",
    // Unless the client was made from the schema and versions here (npm ci's postinstall has just made it).
    run: () => command("npm", ["run", "--silent", "db:generate", "--", "--if-stale"]),
  },
  // The typecheck, the build and knip share one core, ESLint the other. ESLint, the longest, runs on beside the Vitest
  // step rather than ending the phase alone (issue 62): the tests start on the core the others leave, and a lint
  // error stops them as soon as ESLint reports it. None reads what another writes.
  [typecheck, lint, dependencies, build],
  vitestStep,
  chromiumStep,
  browserStep,
  {
    // After the browser run: its servers' logs are JSON lines with no demo person's name, e-mail or birth date (ADR 027).
    name: "Log privacy",
    command: "vitest run --config tests/log-privacy/vitest.config.ts",
    run: () => command(bin("vitest"), ["run", "--config", "tests/log-privacy/vitest.config.ts"]),
  },
  {
    // Issue 62 Deliver 4 (ADR 171): one long file decides when a run can end. With TEST_FILE_LIMIT_SECONDS set, a file
    // of either runner over it fails the run; without, the files over 60 s are named and nothing fails.
    name: "Test file times",
    command: `no test file over ${fileLimitSeconds ?? 60} s${fileLimitSeconds === undefined ? " (named only: TEST_FILE_LIMIT_SECONDS unset)" : ""}`,
    run: async () => {
      const over = [vitestStep, browserStep].flatMap((step) => filesOverLimit(safely(step.files), fileLimitSeconds ?? 60).map((file) => ({ file, runner: step.runner! })));
      for (const { file, runner } of over) {
        console.log(`  ${formatSeconds(file.seconds).padStart(10)}  ${file.file} (${runner}): over ${fileLimitSeconds ?? 60} s; split it or make it cheaper`);
      }
      if (over.length === 0) console.log(`No test file took over ${fileLimitSeconds ?? 60} s.`);
      return fileLimitSeconds === undefined || over.length === 0;
    },
  },
];
const steps: Step[] = phases.flat();

function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(1)} s`;
}

function banner(step: Step, note = ""): void {
  const title = ` [${steps.indexOf(step) + 1}/${steps.length}] ${step.name}: ${step.command}${note} `;
  console.log(`\n${"=".repeat(4)}${title}${"=".repeat(Math.max(4, 76 - title.length))}`);
}

/** How many of the slowest files each runner lists at the end. */
const slowestShown = 15;

function printSlowestFiles(outcomes: Outcome[]): void {
  for (const outcome of outcomes) {
    const { step } = outcome;
    if (!step.files) continue;
    let files: FileTime[];
    try {
      files = step.files();
    } catch {
      continue;
    }
    if (files.length === 0) continue;
    const total = files.reduce((sum, file) => sum + file.seconds, 0);
    console.log(`\n${"=".repeat(4)} The ${Math.min(slowestShown, files.length)} slowest of ${files.length} files: ${step.runner} (their tests' time, summed: ${formatSeconds(total)}) ${"=".repeat(4)}`);
    for (const file of files.slice(0, slowestShown)) {
      console.log(`  ${formatSeconds(file.seconds).padStart(10)}  ${String(file.tests).padStart(4)} tests  ${file.file}`);
    }
    const tests = safely(step.tests);
    if (tests.length === 0) continue;
    console.log(`\n${"=".repeat(4)} The ${Math.min(slowestShown, tests.length)} slowest of ${tests.length} tests: ${step.runner} ${"=".repeat(4)}`);
    for (const test of tests.slice(0, slowestShown)) {
      console.log(`  ${formatSeconds(test.seconds).padStart(10)}  ${test.where}  ${test.title}`);
    }
  }
}

/** The failed tests again, at the end: a CI log is often kept only from its tail, far below the runner's own report. */
function printFailedTests(outcomes: Outcome[]): void {
  for (const outcome of outcomes) {
    const { step } = outcome;
    if (!step.failures || outcome.ok) continue;
    let failed: FailedTest[];
    try {
      failed = step.failures();
    } catch {
      continue;
    }
    if (failed.length === 0) continue;
    console.log(`\n${"=".repeat(4)} Failed: ${step.runner} (${failed.length}) ${"=".repeat(4)}`);
    for (const test of failed) {
      console.log(`  ${test.where}`);
      console.log(`    ${test.title}`);
      for (const line of test.error.split("\n")) if (line) console.log(`      ${line}`);
    }
  }
}

/**
 * Where a Vitest process's event loop stood still for over 10 s (tests/support/loop-stalls.ts): a worker held past its
 * RPC's 60 s deadline fails the run with an error naming no test, and this names the file that held it.
 */
function printLoopStalls(): void {
  if (!existsSync(vitestStallLog)) return;
  const stalls = readFileSync(vitestStallLog, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { at: string; where: string; seconds: number; file?: string; test?: string });
  if (stalls.length === 0) return;
  console.log(`\n${"=".repeat(4)} Vitest processes whose event loop stood still over 10 s (${stalls.length}) ${"=".repeat(4)}`);
  for (const stall of stalls) {
    const file = stall.file ? path.relative(repoRoot, stall.file) : "(no file yet)";
    console.log(`  ${formatSeconds(stall.seconds).padStart(10)}  ${stall.at}  ${stall.where}  ${file}${stall.test ? `  ${stall.test}` : ""}`);
  }
}

/**
 * The Vitest files that cost the machine most CPU (tests/support/file-cpu.ts): on two shared cores a run's length is
 * its CPU, and a file's wall time hides whether it waited or worked. PostgreSQL's share is not in these figures.
 */
function printCostliestFiles(): void {
  const share = (part: number, total: number) => `${((100 * part) / total).toFixed(1)} %`.padStart(6);
  const files = existsSync(vitestFileCpuLog) ? costliestVitestFiles(readFileSync(vitestFileCpuLog, "utf8"), repoRoot) : [];
  if (files.length > 0) {
    const total = files.reduce((sum, file) => sum + file.own + file.children, 0);
    console.log(`\n${"=".repeat(4)} The ${Math.min(slowestShown, files.length)} costliest of ${files.length} files in CPU: Vitest (worker + child processes; all files: ${formatSeconds(total)}) ${"=".repeat(4)}`);
    for (const file of files.slice(0, slowestShown)) {
      console.log(`  ${formatSeconds(file.own + file.children).padStart(10)}  ${share(file.own + file.children, total)}  (worker ${formatSeconds(file.own)}, children ${formatSeconds(file.children)})  ${file.file}`);
    }
  }
  const specs = existsSync(playwrightCpuLog) ? costliestPlaywrightFiles(readFileSync(playwrightCpuLog, "utf8")) : [];
  if (specs.length > 0) {
    const total = specs.reduce((sum, spec) => sum + spec.cpu, 0);
    console.log(`\n${"=".repeat(4)} The ${Math.min(slowestShown, specs.length)} costliest of ${specs.length} files in CPU: Playwright (worker + its Chromium; all files: ${formatSeconds(total)}) ${"=".repeat(4)}`);
    for (const spec of specs.slice(0, slowestShown)) {
      console.log(`  ${formatSeconds(spec.cpu).padStart(10)}  ${share(spec.cpu, total)}  ${String(spec.tests).padStart(4)} tests  ${spec.file}`);
    }
  }
}

function summarize(outcomes: Outcome[], totalSeconds: number, failed: boolean): void {
  printSlowestFiles(outcomes);
  printCostliestFiles();
  printLoopStalls();
  printFailedTests(outcomes);
  console.log(`\n${"=".repeat(4)} Summary ${"=".repeat(67)}`);
  const width = Math.max(...steps.map((step) => step.name.length));
  for (const phase of phases) {
    const group = Array.isArray(phase) ? phase : [phase];
    for (const [index, step] of group.entries()) {
      const outcome = outcomes.find((o) => o.step === step);
      const status = !outcome ? "not run" : outcome.ok ? "ok     " : "FAILED ";
      const time = outcome ? formatSeconds(outcome.seconds) : "";
      const counts = outcome?.counts ? `  (${outcome.counts.passed} passed, ${outcome.counts.failed} failed)` : "";
      const mark = group.length === 1 ? " " : index === 0 ? "┌" : index === group.length - 1 ? "└" : "│";
      const beside = step.runsOn && outcome ? "  (on beside the next step)" : "";
      const together = group.length > 1 && index === group.length - 1 && phaseSeconds.has(phase) ? `  (side by side: ${formatSeconds(phaseSeconds.get(phase)!)})` : "";
      // Each phase's share of the whole run (issue 62 Deliver 2): the steps side by side share their phase's.
      const phaseTime = group.length > 1 ? phaseSeconds.get(phase) : outcome?.seconds;
      const share = phaseTime !== undefined && totalSeconds > 0 && index === group.length - 1 ? `${Math.round((phaseTime / totalSeconds) * 100)} %` : "";
      console.log(`  ${status} ${mark} ${step.name.padEnd(width)}  ${time.padStart(10)}  ${share.padStart(5)}${counts}${beside}${together}`);
    }
  }
  console.log(`  total: ${formatSeconds(totalSeconds)}`);
  console.log(failed ? "Result: FAILED" : "Result: every step passed");

  // The closing line (last on purpose), only when every test runner that ran reported its counts.
  const runners = outcomes.filter((o) => o.step.counts);
  if (runners.length > 0 && runners.every((o) => o.counts)) {
    const sum = runners.reduce(
      (total, o) => ({
        passed: total.passed + o.counts!.passed,
        failed: total.failed + o.counts!.failed,
        skipped: total.skipped + o.counts!.skipped,
      }),
      { passed: 0, failed: 0, skipped: 0 },
    );
    console.log(`${sum.passed} passed, ${sum.failed} failed${sum.skipped ? `, ${sum.skipped} skipped` : ""}`);
  } else if (runners.length > 0) {
    console.log("(test counts unavailable: a runner wrote no report; the exit code tells the result)");
  }
}

/** Wall time of each side-by-side phase. */
const phaseSeconds = new Map<Phase, number>();

async function runStep(step: Step, output: Output): Promise<Outcome> {
  const stepStarted = performance.now();
  let ok: boolean;
  try {
    ok = await step.run(output);
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (output) output(`${text}\n`);
    else console.error(text);
    ok = false;
  }
  return { step, ok, seconds: (performance.now() - stepStarted) / 1000, counts: step.counts?.(ok) };
}

async function main(): Promise<number> {
  const started = performance.now();
  const outcomes: Outcome[] = [];
  /** Steps of the last side-by-side phase still running beside the next step (Step.runsOn). */
  let runningOn: Promise<Outcome>[] = [];
  /** Whether a step that runs on has its phase behind it: its failure then stops the step beside it. */
  let besideNext = false;
  for (const phase of phases) {
    let results: Outcome[];
    if (Array.isArray(phase)) {
      // Side by side: each step's output is held and printed, under its banner, when it ends.
      const phaseStarted = performance.now();
      console.log(`\n${"=".repeat(4)} ${phase.map((step) => step.name).join(", ")}: side by side; each prints when it ends ${"=".repeat(4)}`);
      besideNext = false;
      const running = phase.map(async (step) => {
        let text = "";
        const outcome = await runStep(step, (chunk) => (text += chunk));
        banner(step, ` (${formatSeconds(outcome.seconds)}${outcome.ok ? "" : ", FAILED"}${step.runsOn ? ", beside the next step" : ""})`);
        if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
        // A step running on beside the next one that fails stops it at once, as a failure in the phase stops the run.
        if (step.runsOn && !outcome.ok) {
          stoppedBy = step;
          if (besideNext) for (const child of children) stopTree(child);
        }
        return outcome;
      });
      results = await Promise.all(running.filter((_, index) => !phase[index]!.runsOn));
      phaseSeconds.set(phase, (performance.now() - phaseStarted) / 1000);
      runningOn = running.filter((_, index) => phase[index]!.runsOn);
      besideNext = true;
      // Nothing follows a failed phase (or one whose running-on step has already failed): what runs on is waited for here.
      if (stoppedBy || results.some((outcome) => !outcome.ok)) {
        results.push(...(await Promise.all(runningOn)));
        runningOn = [];
      }
    } else {
      banner(phase);
      results = [await runStep(phase, undefined)];
      results.push(...(await Promise.all(runningOn)));
      if (runningOn.length > 0 && stoppedBy) console.error(`\n${stoppedBy.name} failed beside ${phase.name}, which was stopped.`);
      runningOn = [];
    }
    outcomes.push(...results);
    if (interruptedBy) {
      console.error(`\nInterrupted by ${interruptedBy} during ${results.map((outcome) => outcome.step.name).join(", ")}.`);
      for (const outcome of results) outcome.ok = false;
      break;
    }
    const failures = results.filter((outcome) => !outcome.ok);
    if (failures.length > 0) {
      console.error(`\n${failures.map((outcome) => `${outcome.step.name} failed (${outcome.step.command})`).join("; ")}; stopping here.`);
      break;
    }
  }
  const failed = outcomes.some((o) => !o.ok);
  summarize(outcomes, (performance.now() - started) / 1000, failed);
  return interruptedBy ? 130 : failed ? 1 : 0;
}

// Ctrl-C or a CI timeout: stop the running command, let it clean up (Playwright stops its web server), then stop.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interruptedBy) process.exit(130); // a second signal: give up waiting
    interruptedBy = signal;
    if (children.size > 0) for (const child of children) child.kill(signal);
    else process.exit(130);
  });
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(reportDir, { recursive: true, force: true }));
