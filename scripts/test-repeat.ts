// `npm run test:repeat -- <file>... [--times N]`: runs test files again and again to find the ones that fail now and
// then (issue 26 item 4: a test that fails once in 20 runs is a defect). Default 20 times.
//
//   npm run test:repeat -- tests/integration/bridge-replicas.test.ts
//   npm run test:repeat -- tests/e2e/family.spec.ts tests/e2e/journey.spec.ts --times 5
//
// Vitest files (unit and integration) run one `vitest run` per repetition, so every repetition starts from a fresh
// process, database and global setup as `npm test` would. Playwright specs (tests/e2e/) run in one `playwright test
// --repeat-each N`, which repeats every test N times on the usual per-worker servers. It ends with one line per
// file, "passed runs / runs", each failing test with the runs it failed in, and exits 1 if anything failed.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureChromium } from "./ensure-chromium";
import { ensureAppBuild } from "./lib/app-build";
import { isEntryPoint, localBin, repoRoot, runCommand } from "./lib/test-commands";

export interface RepeatArguments {
  files: string[];
  times: number;
}

/** Reads `<file>... [--times N]`; throws a usage message for anything else. */
export function parseRepeatArguments(argv: string[]): RepeatArguments {
  const files: string[] = [];
  let times = 20;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === "--times" || argument.startsWith("--times=")) {
      const value = argument.includes("=") ? argument.slice("--times=".length) : argv[++index];
      times = Number(value);
      if (!Number.isInteger(times) || times < 1 || times > 1000) throw new Error(`--times takes a whole number from 1 to 1000, not ${value ?? "nothing"}`);
    } else if (argument.startsWith("-")) {
      throw new Error(`unknown option ${argument}`);
    } else {
      files.push(argument);
    }
  }
  if (files.length === 0) throw new Error("name at least one test file");
  return { files, times };
}

/** Which runner a file belongs to: the browser specs are Playwright's, everything else Vitest's. */
export function runnerOf(file: string): "playwright" | "vitest" {
  const relative = path.relative(repoRoot, path.resolve(repoRoot, file)).split(path.sep).join("/");
  return relative.startsWith("tests/e2e/") && relative.endsWith(".spec.ts") ? "playwright" : "vitest";
}

function readJson(file: string): unknown {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
  } catch {
    return undefined;
  }
}

/** One file's tally: runs of the file, runs that failed, and each failing test's name with the runs it failed in. */
export interface Tally {
  file: string;
  runs: number;
  failedRuns: number;
  failures: Map<string, number[]>;
}

function tallyOf(file: string): Tally {
  return { file, runs: 0, failedRuns: 0, failures: new Map() };
}

/** Failed test names in a Vitest JSON report. */
export function vitestFailures(report: unknown): string[] {
  const results = (report as { testResults?: { assertionResults?: { status?: string; fullName?: string }[]; status?: string; name?: string; message?: string }[] } | undefined)?.testResults ?? [];
  const failed: string[] = [];
  for (const result of results) {
    const tests = result.assertionResults ?? [];
    for (const test of tests) if (test.status === "failed") failed.push(test.fullName ?? "?");
    if (result.status === "failed" && !tests.some((test) => test.status === "failed")) failed.push(`(the file itself: ${result.message?.split("\n")[0] ?? "failed to run"})`);
  }
  return failed;
}

/** Per file, per test title: the repetition numbers (1-based) whose result was not the expected one. */
export function playwrightFailures(report: unknown): Map<string, Map<string, number[]>> {
  interface Suite {
    suites?: Suite[];
    specs?: { file?: string; title?: string; tests?: { status?: string; results?: { status?: string; repeatEachIndex?: number }[]; repeatEachIndex?: number }[] }[];
  }
  const byFile = new Map<string, Map<string, number[]>>();
  const visit = (suite: Suite) => {
    for (const spec of suite.specs ?? []) {
      const file = `tests/e2e/${spec.file ?? "?"}`;
      const titles = byFile.get(file) ?? new Map<string, number[]>();
      byFile.set(file, titles);
      for (const [index, test] of (spec.tests ?? []).entries()) {
        if (test.status === "expected" || test.status === "skipped") continue;
        const runs = titles.get(spec.title ?? "?") ?? [];
        runs.push((test.repeatEachIndex ?? index) + 1);
        titles.set(spec.title ?? "?", runs);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of (report as { suites?: Suite[] } | undefined)?.suites ?? []) visit(suite);
  return byFile;
}

async function repeatVitest(file: string, times: number, reportDir: string): Promise<Tally> {
  const tally = tallyOf(file);
  for (let run_ = 1; run_ <= times; run_++) {
    const report = path.join(reportDir, `vitest-${run_}.json`);
    console.log(`\n==== ${file}: run ${run_} of ${times} ====`);
    const code = await runCommand(localBin("vitest"), ["run", file, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
    tally.runs++;
    const failed = vitestFailures(readJson(report));
    if (code !== 0 && failed.length === 0) failed.push(`(vitest exited with code ${code})`);
    if (failed.length > 0) tally.failedRuns++;
    for (const name of failed) tally.failures.set(name, [...(tally.failures.get(name) ?? []), run_]);
  }
  return tally;
}

async function repeatPlaywright(files: string[], times: number, reportDir: string): Promise<Tally[]> {
  process.env.CHROMIUM_PATH = await ensureChromium();
  const report = path.join(reportDir, "playwright.json");
  console.log(`\n==== ${files.join(", ")}: each test ${times} times (playwright --repeat-each) ====`);
  const code = await runCommand(localBin("playwright"), ["test", ...files, `--repeat-each=${times}`], { PLAYWRIGHT_JSON_OUTPUT_FILE: report });
  const failures = playwrightFailures(readJson(report));
  return files.map((file) => {
    const relative = path.relative(repoRoot, path.resolve(repoRoot, file)).split(path.sep).join("/");
    const tally = tallyOf(relative);
    tally.runs = times;
    const titles = failures.get(relative) ?? new Map<string, number[]>();
    if (code !== 0 && failures.size === 0) titles.set(`(playwright exited with code ${code})`, [1]);
    tally.failures = titles;
    tally.failedRuns = new Set([...titles.values()].flat()).size;
    return tally;
  });
}

async function main(): Promise<number> {
  let parsed: RepeatArguments;
  try {
    parsed = parseRepeatArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nusage: npm run test:repeat -- <test file>... [--times N]   (default 20)`);
    return 2;
  }
  for (const file of parsed.files) {
    if (!existsSync(path.resolve(repoRoot, file))) {
      console.error(`no such test file: ${file}`);
      return 2;
    }
  }
  // Both runners serve the production build; make it once here rather than racing for it in the first repetition.
  await ensureAppBuild({ output: (text) => process.stdout.write(text) });
  const reportDir = mkdtempSync(path.join(tmpdir(), "tsunagi-repeat-"));
  const tallies: Tally[] = [];
  try {
    const browserFiles = parsed.files.filter((file) => runnerOf(file) === "playwright");
    for (const file of parsed.files.filter((file) => runnerOf(file) === "vitest")) tallies.push(await repeatVitest(file, parsed.times, reportDir));
    if (browserFiles.length > 0) tallies.push(...(await repeatPlaywright(browserFiles, parsed.times, reportDir)));
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  console.log(`\n==== Repeated ${parsed.times} times ${"=".repeat(56)}`);
  for (const tally of tallies) {
    console.log(`  ${String(tally.runs - tally.failedRuns).padStart(4)} / ${tally.runs} runs passed  ${tally.file}`);
    for (const [name, runs] of tally.failures) console.log(`        failed in run${runs.length > 1 ? "s" : ""} ${runs.join(", ")}: ${name}`);
  }
  return tallies.some((tally) => tally.failedRuns > 0) ? 1 : 0;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main();
}
