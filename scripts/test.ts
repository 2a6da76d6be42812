// `npm test`: every check the project has, in order, stopping at the first failure.
//
//   1. locale check            scripts/check-locales.ts
//   2. Prisma client           npm run db:generate
//   3. typecheck               tsc --noEmit
//   4. lint                    eslint . --max-warnings 0
//   5. unit + integration      vitest run   (integration tests start their own PostgreSQL)
//   6. Chromium                scripts/ensure-chromium.ts (finds or installs one; never skips the browser tests)
//   7. end-to-end              playwright test   (its webServer starts the app with its own PostgreSQL)
//   8. log privacy             vitest run --config tests/log-privacy/vitest.config.ts   (reads step 7's server logs)
//
// Nothing here expects a service on this machine (no PostgreSQL on 5432, no NATS on 4222).
// It ends with a table of timings and, when both runners reported their counts, the line
// "N passed, N failed" summing Vitest's and Playwright's tests. Exit code 0 only if every step passed.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runLocaleCheck } from "./check-locales";
import { ensureChromium } from "./ensure-chromium";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);
const reportDir = mkdtempSync(path.join(tmpdir(), "tsunagi-test-"));
const vitestJson = path.join(reportDir, "vitest.json");
const playwrightJson = path.join(reportDir, "playwright.json");

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Step {
  name: string;
  command: string;
  run: () => Promise<boolean>;
  /** For test runners: their counts, read after the run (undefined if the runner wrote none). */
  counts?: (passed: boolean) => Counts | undefined;
}

interface Outcome {
  step: Step;
  ok: boolean;
  seconds: number;
  counts?: Counts;
}

let currentChild: ChildProcess | undefined;
let interruptedBy: NodeJS.Signals | undefined;

/** Runs a command with the terminal as its stdin/stdout/stderr; resolves to true if it exits 0. */
function command(file: string, args: string[], env: Record<string, string | undefined> = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
    currentChild = child;
    child.on("error", (error) => {
      console.error(`Could not start ${file}: ${error.message}`);
      currentChild = undefined;
      resolve(false);
    });
    child.on("close", (code, signal) => {
      currentChild = undefined;
      if (signal) console.error(`${path.basename(file)} was stopped by ${signal}`);
      resolve(code === 0);
    });
  });
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

const steps: Step[] = [
  {
    name: "Locale check",
    command: "scripts/check-locales.ts",
    run: async () => runLocaleCheck() === 0,
  },
  {
    name: "Prisma client",
    command: "npm run db:generate",
    run: () => command("npm", ["run", "--silent", "db:generate"]),
  },
  {
    name: "Typecheck",
    command: "tsc --noEmit",
    run: () => command(bin("tsc"), ["--noEmit"]),
  },
  {
    name: "Lint",
    command: "eslint . --max-warnings 0",
    run: () => command(bin("eslint"), [".", "--max-warnings", "0"]),
  },
  {
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
      ]),
    counts: vitestCounts,
  },
  {
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
  },
  {
    name: "End-to-end tests",
    command: "playwright test",
    run: () =>
      command(bin("playwright"), ["test"], {
        CHROMIUM_PATH: process.env.CHROMIUM_PATH,
        PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightJson, // read by playwright.config.ts to add the json reporter
      }),
    counts: playwrightCounts,
  },
  {
    // After the browser run: its servers' logs are JSON lines with no demo person's name, e-mail or birth date (ADR 027).
    name: "Log privacy",
    command: "vitest run --config tests/log-privacy/vitest.config.ts",
    run: () => command(bin("vitest"), ["run", "--config", "tests/log-privacy/vitest.config.ts"]),
  },
];

function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(1)} s`;
}

function banner(index: number, step: Step): void {
  const title = ` [${index + 1}/${steps.length}] ${step.name}: ${step.command} `;
  console.log(`\n${"=".repeat(4)}${title}${"=".repeat(Math.max(4, 76 - title.length))}`);
}

function summarize(outcomes: Outcome[], totalSeconds: number, failed: boolean): void {
  console.log(`\n${"=".repeat(4)} Summary ${"=".repeat(67)}`);
  const width = Math.max(...steps.map((step) => step.name.length));
  for (const step of steps) {
    const outcome = outcomes.find((o) => o.step === step);
    const status = !outcome ? "not run" : outcome.ok ? "ok     " : "FAILED ";
    const time = outcome ? formatSeconds(outcome.seconds) : "";
    const counts = outcome?.counts ? `  (${outcome.counts.passed} passed, ${outcome.counts.failed} failed)` : "";
    console.log(`  ${status}  ${step.name.padEnd(width)}  ${time.padStart(10)}${counts}`);
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

async function main(): Promise<number> {
  const started = performance.now();
  const outcomes: Outcome[] = [];
  for (const [index, step] of steps.entries()) {
    banner(index, step);
    const stepStarted = performance.now();
    let ok: boolean;
    try {
      ok = await step.run();
    } catch (error) {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      ok = false;
    }
    outcomes.push({ step, ok, seconds: (performance.now() - stepStarted) / 1000, counts: step.counts?.(ok) });
    if (interruptedBy) {
      console.error(`\nInterrupted by ${interruptedBy} during ${step.name}.`);
      outcomes[outcomes.length - 1]!.ok = false;
      break;
    }
    if (!ok) {
      console.error(`\n${step.name} failed (${step.command}); stopping here.`);
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
    if (currentChild) currentChild.kill(signal);
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
