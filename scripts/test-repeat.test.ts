import { describe, expect, it } from "vitest";
import { changedCommands } from "./test-changed";
import { parseRepeatArguments, playwrightFailures, runnerOf, vitestFailures } from "./test-repeat";

describe("npm run test:repeat", () => {
  it("reads files and --times, 20 by default, and refuses the rest with a reason", () => {
    expect(parseRepeatArguments(["tests/integration/chaos.test.ts"])).toEqual({ files: ["tests/integration/chaos.test.ts"], times: 20 });
    expect(parseRepeatArguments(["a.test.ts", "--times", "5", "tests/e2e/b.spec.ts"])).toEqual({ files: ["a.test.ts", "tests/e2e/b.spec.ts"], times: 5 });
    expect(parseRepeatArguments(["--times=3", "a.test.ts"]).times).toBe(3);
    expect(() => parseRepeatArguments([])).toThrow(/at least one test file/);
    expect(() => parseRepeatArguments(["a.test.ts", "--times", "0"])).toThrow(/1 to 1000, not 0/);
    expect(() => parseRepeatArguments(["a.test.ts", "--times"])).toThrow(/not nothing/);
    expect(() => parseRepeatArguments(["a.test.ts", "--retries", "2"])).toThrow(/unknown option --retries/);
  });

  it("sends browser specs to Playwright and everything else to Vitest", () => {
    expect(runnerOf("tests/e2e/family.spec.ts")).toBe("playwright");
    expect(runnerOf("./tests/e2e/family.spec.ts")).toBe("playwright");
    expect(runnerOf("tests/integration/family-access.test.ts")).toBe("vitest");
    expect(runnerOf("scripts/lib/app-build.test.ts")).toBe("vitest");
  });

  it("finds the failing tests in Vitest's report, and a file that failed without a failing test", () => {
    const report = {
      testResults: [
        { name: "/r/a.test.ts", status: "failed", assertionResults: [{ status: "passed", fullName: "a one" }, { status: "failed", fullName: "a two" }] },
        { name: "/r/b.test.ts", status: "failed", message: "Cannot find module x\n  at …", assertionResults: [] },
        { name: "/r/c.test.ts", status: "passed", assertionResults: [{ status: "passed", fullName: "c" }] },
      ],
    };
    expect(vitestFailures(report)).toEqual(["a two", "(the file itself: Cannot find module x)"]);
    expect(vitestFailures(undefined)).toEqual([]);
  });

  it("finds each repetition a browser test failed in, from Playwright's report", () => {
    const ok = { status: "expected", results: [{ status: "passed" }] };
    const bad = { status: "unexpected", results: [{ status: "failed" }] };
    const report = {
      suites: [
        {
          file: "family.spec.ts",
          specs: [
            { file: "family.spec.ts", title: "invites", tests: [ok, bad, ok, bad] },
            { file: "family.spec.ts", title: "reads", tests: [ok, ok, ok, ok] },
          ],
          suites: [{ specs: [{ file: "family.spec.ts", title: "nested", tests: [{ status: "flaky", results: [] }, ok, ok, ok] }] }],
        },
      ],
    };
    const failures = playwrightFailures(report).get("tests/e2e/family.spec.ts")!;
    expect(Object.fromEntries(failures)).toEqual({ invites: [2, 4], nested: [1] });
  });
});

describe("npm run test:changed", () => {
  it("asks each runner for the tests related to the changes since the ref, and takes nothing that is not a ref", () => {
    expect(changedCommands("main")).toEqual({ vitest: ["run", "--changed=main", "--passWithNoTests"], playwright: ["test", "--only-changed=main", "--pass-with-no-tests"] });
    expect(changedCommands("origin/main~2").vitest).toContain("--changed=origin/main~2");
    expect(() => changedCommands("--all")).toThrow(/not a git ref/);
    expect(() => changedCommands("main; rm -rf /")).toThrow(/not a git ref/);
  });
});
