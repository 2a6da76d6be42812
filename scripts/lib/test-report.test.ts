import { describe, expect, it } from "vitest";
import { slowestPlaywrightFiles, slowestVitestFiles } from "./test-report";

describe("the slowest test files, from the runners' reports (issue 26)", () => {
  it("Vitest: each file's time from its report, relative to the repository, slowest first, with its test and failure counts", () => {
    const report = {
      testResults: [
        { name: "/repo/app/a.test.ts", startTime: 1_000, endTime: 1_500, assertionResults: [{ status: "passed" }] },
        { name: "/repo/tests/integration/b.test.ts", startTime: 1_000, endTime: 13_250, assertionResults: [{ status: "passed" }, { status: "failed" }] },
      ],
    };
    expect(slowestVitestFiles(report, "/repo")).toEqual([
      { file: "tests/integration/b.test.ts", seconds: 12.25, tests: 2, failed: 1 },
      { file: "app/a.test.ts", seconds: 0.5, tests: 1, failed: 0 },
    ]);
  });

  it("Playwright: each file's tests summed across nested describes and retries, slowest first", () => {
    const report = {
      suites: [
        {
          file: "journey.spec.ts",
          specs: [{ file: "journey.spec.ts", tests: [{ status: "expected", results: [{ duration: 40_000 }] }] }],
          suites: [{ file: "journey.spec.ts", specs: [{ file: "journey.spec.ts", tests: [{ status: "unexpected", results: [{ duration: 1_000 }, { duration: 2_000 }] }] }] }],
        },
        { file: "smoke.spec.ts", specs: [{ file: "smoke.spec.ts", tests: [{ status: "expected", results: [{ duration: 500 }] }] }] },
      ],
    };
    expect(slowestPlaywrightFiles(report)).toEqual([
      { file: "tests/e2e/journey.spec.ts", seconds: 43, tests: 2, failed: 1 },
      { file: "tests/e2e/smoke.spec.ts", seconds: 0.5, tests: 1, failed: 0 },
    ]);
  });

  it("a report that is missing or not what was expected lists nothing rather than failing the run", () => {
    expect(slowestVitestFiles(undefined, "/repo")).toEqual([]);
    expect(slowestPlaywrightFiles({ unexpected: true })).toEqual([]);
  });
});
