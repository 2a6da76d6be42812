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
