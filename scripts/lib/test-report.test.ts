import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { noteFileCpu, parseProcStat, readOwnCpu, readTreeCpu } from "../../tests/support/file-cpu";
import {
  costliestPlaywrightFiles,
  costliestVitestFiles,
  failedPlaywrightTests,
  failedVitestTests,
  filesOverLimit,
  slowestPlaywrightFiles,
  slowestPlaywrightTests,
  slowestVitestFiles,
  slowestVitestTests,
} from "./test-report";

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

  it("the failed tests, with where they are and their error's first lines, found in nested describes; passed and skipped ones left out", () => {
    const playwright = {
      suites: [
        {
          title: "panel.spec.ts",
          file: "panel.spec.ts",
          specs: [
            { file: "panel.spec.ts", line: 12, title: "votes (ja)", tests: [{ status: "expected", results: [{ status: "passed" }] }] },
            {
              file: "panel.spec.ts",
              line: 12,
              title: "votes (ja-easy)",
              tests: [{ status: "unexpected", results: [{ status: "timedOut", error: { message: "\u001b[31mTest timeout of 180000ms exceeded.\u001b[39m\n\nline 2\nline 3\nline 4\nline 5" } }] }],
            },
            {
              file: "panel.spec.ts",
              line: 20,
              title: "closes (ja-easy)",
              // A timeout during an action: Playwright reports the timeout first and the action it waited on second.
              tests: [
                {
                  status: "unexpected",
                  results: [
                    {
                      status: "timedOut",
                      error: { message: "Test timeout of 240000ms exceeded." },
                      errors: [
                        { message: "Test timeout of 240000ms exceeded." },
                        {
                          location: { file: path.join(process.cwd(), "tests/e2e/panel.spec.ts"), line: 44 },
                          message: "Error: locator.click: Test timeout of 240000ms exceeded.\nCall log:\n\u001b[2m  - waiting for getByRole('link', { name: 'A-1' })\u001b[22m\n\n  43 | x\n> 44 | y",
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            { file: "panel.spec.ts", line: 12, title: "votes (en)", tests: [{ status: "skipped", results: [] }] },
          ],
          suites: [
            {
              title: "without JavaScript",
              specs: [{ file: "panel.spec.ts", line: 30, title: "reads", tests: [{ status: "flaky", results: [{ status: "failed", error: { message: "expected 1" } }, { status: "passed" }] }] }],
            },
          ],
        },
      ],
    };
    expect(failedPlaywrightTests(playwright)).toEqual([
      { where: "tests/e2e/panel.spec.ts:12", title: "votes (ja-easy)", error: "Test timeout of 180000ms exceeded.\nline 2\nline 3\nline 4" },
      {
        where: "tests/e2e/panel.spec.ts:20",
        title: "closes (ja-easy)",
        error: "Test timeout of 240000ms exceeded.\nError: locator.click: Test timeout of 240000ms exceeded.\n  - waiting for getByRole('link', { name: 'A-1' }) (at tests/e2e/panel.spec.ts:44)",
      },
      { where: "tests/e2e/panel.spec.ts:30", title: "without JavaScript › reads (passed on a retry)", error: "expected 1" },
    ]);

    const vitest = {
      testResults: [
        {
          name: "/repo/tests/integration/a.test.ts",
          status: "failed",
          assertionResults: [
            { status: "passed", fullName: "a > works" },
            { status: "failed", fullName: "a > breaks", location: { line: 40 }, failureMessages: ["AssertionError: expected 2 to be 3\n    at a.test.ts:41"] },
            { status: "failed", fullName: "a > runs long", location: { line: 50 }, failureMessages: ["Error: STACK_TRACE_ERROR\n    at task (chunk-hooks.js:638:27)"] },
          ],
        },
        { name: "/repo/tests/integration/b.test.ts", status: "failed", message: "Cannot find module './gone'", assertionResults: [] },
      ],
    };
    expect(failedVitestTests(vitest, "/repo")).toEqual([
      { where: "tests/integration/a.test.ts:40", title: "a > breaks", error: "AssertionError: expected 2 to be 3\n    at a.test.ts:41" },
      {
        where: "tests/integration/a.test.ts:50",
        title: "a > runs long",
        error: "Error: the test ran past its time limit (Vitest's time-out, reported as STACK_TRACE_ERROR)\n    at task (chunk-hooks.js:638:27)",
      },
      { where: "tests/integration/b.test.ts", title: "(the file itself)", error: "Cannot find module './gone'" },
    ]);
    expect(failedPlaywrightTests(undefined)).toEqual([]);
    expect(failedVitestTests({ testResults: "no" }, "/repo")).toEqual([]);
  });

  it("the slowest tests of each runner, each named where it is, slowest first (issue 62)", () => {
    const vitest = {
      testResults: [
        {
          name: "/repo/tests/integration/a.test.ts",
          assertionResults: [
            { fullName: "a > quick", duration: 12, location: { line: 5 } },
            { fullName: "a > slow", duration: 31_500, location: { line: 9 } },
            { fullName: "a > skipped", duration: null },
          ],
        },
        { name: "/repo/app/b.test.ts", assertionResults: [{ fullName: "b > middle", duration: 2_000 }] },
      ],
    };
    expect(slowestVitestTests(vitest, "/repo")).toEqual([
      { where: "tests/integration/a.test.ts:9", title: "a > slow", seconds: 31.5 },
      { where: "app/b.test.ts", title: "b > middle", seconds: 2 },
      { where: "tests/integration/a.test.ts:5", title: "a > quick", seconds: 0.012 },
    ]);
    const playwright = {
      suites: [
        {
          title: "journey.spec.ts",
          specs: [{ file: "journey.spec.ts", line: 20, title: "signs (ja)", tests: [{ results: [{ duration: 40_000 }] }] }],
          suites: [{ title: "without JavaScript", specs: [{ file: "journey.spec.ts", line: 80, title: "reads", tests: [{ results: [{ duration: 1_000 }, { duration: 2_000 }] }] }] }],
        },
      ],
    };
    expect(slowestPlaywrightTests(playwright)).toEqual([
      { where: "tests/e2e/journey.spec.ts:20", title: "signs (ja)", seconds: 40 },
      { where: "tests/e2e/journey.spec.ts:80", title: "without JavaScript › reads", seconds: 3 },
    ]);
    expect(slowestVitestTests(undefined, "/repo")).toEqual([]);
    expect(slowestPlaywrightTests({ suites: "no" })).toEqual([]);
  });

  it("names exactly the files over the limit; a file at the limit passes", () => {
    const files = [
      { file: "tests/integration/long.test.ts", seconds: 71.2, tests: 12, failed: 0 },
      { file: "tests/integration/edge.test.ts", seconds: 60, tests: 3, failed: 0 },
      { file: "app/a.test.ts", seconds: 0.4, tests: 1, failed: 0 },
    ];
    expect(filesOverLimit(files, 60).map((file) => file.file)).toEqual(["tests/integration/long.test.ts"]);
    expect(filesOverLimit(files, 90)).toEqual([]);
  });
});

describe("what each Vitest file costs in CPU (issue 62)", () => {
  it("reads a process's own and its children's CPU from /proc/<pid>/stat, whatever its command's name holds", () => {
    // A real line's shape: pid, (comm), state, then fields 4–13, utime stime cutime cstime, and the rest.
    const line = "4242 (node (vitest 1)) S 4200 4242 4200 0 -1 4194560 9000 300 0 0 1234 567 89 12 20 0 11 0 5000 1 2";
    expect(parseProcStat(line)).toEqual({ own: 18.01, children: 1.01 });
    expect(() => parseProcStat("no such line")).toThrow(/not a \/proc/);
  });

  it("counts a child process's CPU once the worker has waited for it, and notes the file's share in the log", () => {
    const before = readOwnCpu();
    // Where there is no /proc (macOS) there is nothing to count, and the setup file notes nothing.
    if (!before) return expect(process.platform).not.toBe("linux");
    // A child that burns about half a second of CPU and ends: its time lands in the worker's children's.
    spawnSync(process.execPath, ["-e", "const end = Date.now() + 500; while (Date.now() < end);"]);
    const after = readOwnCpu()!;
    expect(after.children - before.children).toBeGreaterThan(0.3);
    const folder = mkdtempSync(path.join(tmpdir(), "file-cpu-"));
    const log = path.join(folder, "file-cpu.jsonl");
    const previous = process.env.TSUNAGI_FILE_CPU_LOG;
    process.env.TSUNAGI_FILE_CPU_LOG = log;
    try {
      noteFileCpu("/repo/tests/integration/spawner.test.ts", before, after);
    } finally {
      if (previous === undefined) delete process.env.TSUNAGI_FILE_CPU_LOG;
      else process.env.TSUNAGI_FILE_CPU_LOG = previous;
    }
    const [noted] = costliestVitestFiles(readFileSync(log, "utf8"), "/repo");
    rmSync(folder, { recursive: true });
    expect(noted!.file).toBe("tests/integration/spawner.test.ts");
    expect(noted!.children).toBeGreaterThan(0.3);
  });

  it("lists files by their CPU, worker and children together, most first, summing a file noted twice", () => {
    const log = [
      JSON.stringify({ file: "/repo/tests/integration/waits.test.ts", own: 0.4, children: 0 }),
      JSON.stringify({ file: "/repo/tests/integration/spawns.test.ts", own: 1.5, children: 20 }),
      "not json",
      JSON.stringify({ file: "/repo/app/x.test.ts", own: 3, children: 0 }),
      JSON.stringify({ file: "/repo/app/x.test.ts", own: 2, children: 1 }),
      JSON.stringify({ file: "/repo/broken.test.ts", own: "a lot" }),
    ].join("\n");
    expect(costliestVitestFiles(log, "/repo")).toEqual([
      { file: "tests/integration/spawns.test.ts", own: 1.5, children: 20 },
      { file: "app/x.test.ts", own: 5, children: 1 },
      { file: "tests/integration/waits.test.ts", own: 0.4, children: 0 },
    ]);
  });
});

describe("what each browser test costs in CPU, its worker's and its Chromium's (issue 62)", () => {
  it("counts a live child process's CPU, which the process's own figures leave out until it ends", async () => {
    const before = readTreeCpu();
    if (before === undefined) return expect(process.platform).not.toBe("linux");
    // Busy for half a second, then waiting to be told to end: alive when the tree is read.
    const child = spawn(process.execPath, ["-e", "const end = Date.now() + 500; while (Date.now() < end); process.stdout.write('done'); setInterval(() => {}, 1000);"]);
    try {
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      const own = readOwnCpu()!;
      expect(readTreeCpu()! - before).toBeGreaterThan(0.3);
      // The worker's own figures do not hold it yet: it has not ended.
      expect(readOwnCpu()!.children - own.children).toBe(0);
    } finally {
      child.kill();
    }
    expect(readTreeCpu(2 ** 22 + 1)).toBe(0); // no such process: nothing under it
  });

  it("lists spec files by their tests' CPU, most first", () => {
    const log = [
      JSON.stringify({ file: "tests/e2e/a.spec.ts", title: "one", cpu: 2 }),
      JSON.stringify({ file: "tests/e2e/b.spec.ts", title: "one", cpu: 9 }),
      JSON.stringify({ file: "tests/e2e/a.spec.ts", title: "two", cpu: 3.5 }),
      "{}",
    ].join("\n");
    expect(costliestPlaywrightFiles(log)).toEqual([
      { file: "tests/e2e/b.spec.ts", cpu: 9, tests: 1 },
      { file: "tests/e2e/a.spec.ts", cpu: 5.5, tests: 2 },
    ]);
  });
});
