/**
 * What each test file took, read from the runners' JSON reports, slowest first (issue 26): `npm test` prints the
 * slowest of each runner at the end, and `npm run test:repeat` its failures. Only what the reports hold is read.
 */
import path from "node:path";

export interface FileTime {
  /** Relative to the repository root. */
  file: string;
  /** Vitest: the file's run as Vitest times it (from its first test to its last, hooks included). Playwright: the
   * sum of its tests' durations, since with several workers a file's tests need not run one after another. */
  seconds: number;
  tests: number;
  failed: number;
}

interface VitestReport {
  testResults?: { name?: string; startTime?: number; endTime?: number; assertionResults?: { status?: string }[] }[];
}

export function slowestVitestFiles(report: unknown, root: string): FileTime[] {
  const results = (report as VitestReport | undefined)?.testResults ?? [];
  return results
    .filter((result) => typeof result.name === "string")
    .map((result) => ({
      file: path.relative(root, result.name!),
      seconds: Math.max(0, ((result.endTime ?? 0) - (result.startTime ?? 0)) / 1000),
      tests: result.assertionResults?.length ?? 0,
      failed: result.assertionResults?.filter((assertion) => assertion.status === "failed").length ?? 0,
    }))
    .sort((a, b) => b.seconds - a.seconds);
}

interface PlaywrightSuite {
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: { file?: string; tests?: { status?: string; results?: { duration?: number; status?: string }[] }[] }[];
}

export function slowestPlaywrightFiles(report: unknown, testDir = "tests/e2e"): FileTime[] {
  const byFile = new Map<string, FileTime>();
  const visit = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      const file = path.join(testDir, spec.file ?? suite.file ?? "?");
      const entry = byFile.get(file) ?? { file, seconds: 0, tests: 0, failed: 0 };
      for (const test of spec.tests ?? []) {
        entry.tests++;
        if (test.status === "unexpected") entry.failed++;
        for (const result of test.results ?? []) entry.seconds += (result.duration ?? 0) / 1000;
      }
      byFile.set(file, entry);
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of (report as { suites?: PlaywrightSuite[] } | undefined)?.suites ?? []) visit(suite);
  return [...byFile.values()].sort((a, b) => b.seconds - a.seconds);
}

/** One test's own time, for the list of the slowest tests (issue 62). */
export interface TestTime {
  /** Relative to the repository root, with the test's line where the report has it. */
  where: string;
  title: string;
  seconds: number;
}

interface VitestTestsReport {
  testResults?: { name?: string; assertionResults?: { fullName?: string; duration?: number | null; location?: { line?: number } }[] }[];
}

export function slowestVitestTests(report: unknown, root: string): TestTime[] {
  const tests: TestTime[] = [];
  for (const result of (report as VitestTestsReport | undefined)?.testResults ?? []) {
    if (typeof result.name !== "string") continue;
    const file = path.relative(root, result.name);
    for (const test of result.assertionResults ?? []) {
      if (typeof test.duration !== "number") continue;
      tests.push({ where: test.location?.line ? `${file}:${test.location.line}` : file, title: test.fullName ?? "?", seconds: test.duration / 1000 });
    }
  }
  return tests.sort((a, b) => b.seconds - a.seconds);
}

interface PlaywrightTestsSuite {
  title?: string;
  suites?: PlaywrightTestsSuite[];
  specs?: { file?: string; line?: number; title?: string; tests?: { projectName?: string; results?: { duration?: number }[] }[] }[];
}

/** Each test's time (its runs summed, as for its file), slowest first. */
export function slowestPlaywrightTests(report: unknown, testDir = "tests/e2e"): TestTime[] {
  const tests: TestTime[] = [];
  const visit = (suite: PlaywrightTestsSuite, titles: string[]) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const where = path.join(testDir, spec.file ?? "?") + (spec.line ? `:${spec.line}` : "");
        const seconds = (test.results ?? []).reduce((sum, result) => sum + (result.duration ?? 0), 0) / 1000;
        tests.push({ where, title: [...titles, spec.title ?? "?"].join(" › "), seconds });
      }
    }
    for (const child of suite.suites ?? []) visit(child, child.title ? [...titles, child.title] : titles);
  };
  for (const suite of (report as { suites?: PlaywrightTestsSuite[] } | undefined)?.suites ?? []) visit(suite, []);
  return tests.sort((a, b) => b.seconds - a.seconds);
}

/**
 * The files over the limit a single test file may take (issue 62 Deliver 4): one long file decides when a run can end,
 * however many cores share the rest, and a file that grows past it is split or made cheaper, not waited for.
 */
export function filesOverLimit(files: FileTime[], limitSeconds: number): FileTime[] {
  return files.filter((file) => file.seconds > limitSeconds);
}

/** A test that did not pass, named so it can be found and rerun from the end of a log (CI keeps only the tail). */
export interface FailedTest {
  /** Relative to the repository root, with the test's line where the report has it. */
  where: string;
  title: string;
  /** The first lines of its error, colour codes removed. */
  error: string;
}

const errorLinesShown = 4;

// eslint-disable-next-line no-control-regex
const ansiColour = /\u001b\[[0-9;]*m/g;

function firstLines(message: string | undefined): string {
  return (message ?? "")
    .replace(ansiColour, "")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .slice(0, errorLinesShown)
    .join("\n");
}

interface VitestFailureReport {
  testResults?: {
    name?: string;
    status?: string;
    message?: string;
    assertionResults?: { status?: string; fullName?: string; location?: { line?: number }; failureMessages?: string[] }[];
  }[];
}

/**
 * Vitest 3 reports a test that ran out of time with a stack whose first line is its placeholder, "Error:
 * STACK_TRACE_ERROR" (makeTimeoutError swaps the message the wrong way round), and the JSON report carries only the
 * stack: that line is said as what it means.
 */
function timeOutNamed(message: string | undefined): string | undefined {
  return message?.replace(/^Error: STACK_TRACE_ERROR\b/, "Error: the test ran past its time limit (Vitest's time-out, reported as STACK_TRACE_ERROR)");
}

export function failedVitestTests(report: unknown, root: string): FailedTest[] {
  const failed: FailedTest[] = [];
  for (const result of (report as VitestFailureReport | undefined)?.testResults ?? []) {
    const file = path.relative(root, result.name ?? "?");
    const tests = result.assertionResults ?? [];
    for (const test of tests) {
      if (test.status !== "failed") continue;
      failed.push({ where: test.location?.line ? `${file}:${test.location.line}` : file, title: test.fullName ?? "?", error: firstLines(timeOutNamed(test.failureMessages?.[0])) });
    }
    if (result.status === "failed" && !tests.some((test) => test.status === "failed")) {
      failed.push({ where: file, title: "(the file itself)", error: firstLines(result.message) });
    }
  }
  return failed;
}

/** The errors Vitest raised outside any test's result (scripts/lib/vitest-unhandled-errors.ts), as failed tests. */
export function unhandledVitestErrors(errors: unknown, root: string): FailedTest[] {
  if (!Array.isArray(errors)) return [];
  return (errors as { file?: string; test?: string; message?: string }[]).map((error) => ({
    where: error.file ? path.relative(root, error.file) : "(no test file named)",
    title: `an unhandled error, outside any test's result${error.test ? ` (while "${error.test}" ran)` : ""}`,
    error: firstLines(error.message),
  }));
}

interface PlaywrightError {
  message?: string;
  location?: { file?: string; line?: number };
}

/**
 * A failed result's errors: the first, then each further one where it happened. A test that runs out of time reports
 * only "Test timeout … exceeded" first; the action it was waiting on (which locator, at which line) is the second.
 */
function playwrightErrorText(result: { status?: string; error?: { message?: string }; errors?: PlaywrightError[] } | undefined): string {
  if (!result) return "";
  const errors: PlaywrightError[] = result.errors?.length ? result.errors : [result.error ?? { message: result.status }];
  const [first, ...more] = errors;
  const further = more.map((error) => {
    const at = error.location?.file ? ` (at ${path.relative(process.cwd(), error.location.file)}:${error.location.line ?? "?"})` : "";
    const lines = firstLines(error.message).split("\n").filter((line) => line.trim() !== "Call log:");
    return lines.slice(0, 2).join("\n") + at;
  });
  return [firstLines(first?.message ?? result.status), ...further].filter(Boolean).join("\n");
}

interface PlaywrightFailureSuite {
  title?: string;
  suites?: PlaywrightFailureSuite[];
  specs?: {
    file?: string;
    line?: number;
    title?: string;
    tests?: { status?: string; results?: { status?: string; error?: { message?: string }; errors?: PlaywrightError[] }[] }[];
  }[];
}

/** Tests whose outcome was not the expected one (failed, timed out, or passed only on a retry), each once. */
export function failedPlaywrightTests(report: unknown, testDir = "tests/e2e"): FailedTest[] {
  const failed: FailedTest[] = [];
  const visit = (suite: PlaywrightFailureSuite, titles: string[]) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected" && test.status !== "flaky") continue;
        const firstFailure = (test.results ?? []).find((result) => result.status !== "passed" && result.status !== "skipped");
        const where = path.join(testDir, spec.file ?? "?") + (spec.line ? `:${spec.line}` : "");
        const title = [...titles, spec.title ?? "?"].join(" › ") + (test.status === "flaky" ? " (passed on a retry)" : "");
        failed.push({ where, title, error: playwrightErrorText(firstFailure) });
      }
    }
    for (const child of suite.suites ?? []) visit(child, child.title ? [...titles, child.title] : titles);
  };
  // A file's own suite is titled with its file name; the path already says it.
  for (const suite of (report as { suites?: PlaywrightFailureSuite[] } | undefined)?.suites ?? []) visit(suite, []);
  return failed;
}

/** The objects of a log of JSON lines; a line that is not JSON, or not an object, is left out. */
function jsonLines(log: string): object[] {
  return log.split("\n").flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === "object" && value !== null ? [value] : [];
    } catch {
      return [];
    }
  });
}

/** A Vitest file's CPU as tests/support/file-cpu.ts notes it: the worker's own and its child processes', seconds. */
export interface FileCpuCost {
  file: string;
  own: number;
  children: number;
}

/**
 * The files of a Vitest run by the CPU they cost, most first, from the lines of TSUNAGI_FILE_CPU_LOG (one JSON object
 * each). A file run in two projects, or noted twice, is summed; a line that is not such an object is skipped.
 */
export function costliestVitestFiles(log: string, root: string): FileCpuCost[] {
  const byFile = new Map<string, FileCpuCost>();
  for (const noted of jsonLines(log)) {
    const { file, own, children } = noted as Partial<FileCpuCost>;
    if (typeof file !== "string" || typeof own !== "number" || typeof children !== "number") continue;
    const name = path.relative(root, file);
    const entry = byFile.get(name) ?? { file: name, own: 0, children: 0 };
    entry.own += own;
    entry.children += children;
    byFile.set(name, entry);
  }
  return [...byFile.values()].sort((a, b) => b.own + b.children - (a.own + a.children));
}

/** A spec file's CPU as tests/e2e/fixtures.ts notes it per test: the Playwright worker's and its Chromium's, seconds. */
export interface SpecCpuCost {
  file: string;
  cpu: number;
  tests: number;
}

/** The spec files of a Playwright run by their tests' CPU (PLAYWRIGHT_CPU_LOG's lines), most first. */
export function costliestPlaywrightFiles(log: string): SpecCpuCost[] {
  const byFile = new Map<string, SpecCpuCost>();
  for (const noted of jsonLines(log)) {
    const { file, cpu } = noted as { file?: unknown; cpu?: unknown };
    if (typeof file !== "string" || typeof cpu !== "number") continue;
    const entry = byFile.get(file) ?? { file, cpu: 0, tests: 0 };
    entry.cpu += cpu;
    entry.tests++;
    byFile.set(file, entry);
  }
  return [...byFile.values()].sort((a, b) => b.cpu - a.cpu);
}
