import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { unhandledVitestErrors } from "./test-report";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "tsunagi-unhandled-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm test names an error Vitest raised outside any test (CI of 2026-11-30 ended in '1 failed' with none named)", () => {
  it("a real Vitest run whose every test passed but which left a rejection: the reporter keeps it, and the end of npm test names its file, test and message", async () => {
    writeFileSync(
      path.join(dir, "leak.test.ts"),
      `import { expect, it } from "vitest";\nit("passes but leaves a rejection behind", async () => {\n  setTimeout(() => void Promise.reject(new Error("left behind by a test")), 0);\n  await new Promise((resolve) => setTimeout(resolve, 50));\n  expect(1).toBe(1);\n});\n`,
    );
    writeFileSync(path.join(dir, "vitest.config.mjs"), `export default { server: { fs: { allow: ["/"] } }, test: { include: ["*.test.ts"] } };\n`);
    const out = path.join(dir, "unhandled.json");
    const exit = await run(path.join(repoRoot, "node_modules/.bin/vitest"), ["run", "--root", dir, "--reporter=dot", `--reporter=${path.join(repoRoot, "scripts/lib/vitest-unhandled-errors.ts")}`], {
      cwd: repoRoot,
      env: { ...process.env, VITEST_UNHANDLED_ERRORS_FILE: out },
    }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );
    expect(exit).toBe(1);
    const listed = unhandledVitestErrors(JSON.parse(readFileSync(out, "utf8")), dir);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ where: "leak.test.ts", title: `an unhandled error, outside any test's result (while "passes but leaves a rejection behind" ran)` });
    expect(listed[0]!.error).toMatch(/^Error: left behind by a test\n\s+at .*leak\.test\.ts:3/);
  });

  it("a file that is missing or not a list names nothing", () => {
    expect(unhandledVitestErrors(undefined, "/repo")).toEqual([]);
    expect(unhandledVitestErrors({ errors: [] }, "/repo")).toEqual([]);
    expect(unhandledVitestErrors([{ message: "boom" }], "/repo")).toEqual([{ where: "(no test file named)", title: "an unhandled error, outside any test's result", error: "boom" }]);
  });
});
