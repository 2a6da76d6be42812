// The dependency check in `npm run lint` (knip --dependencies, knip.jsonc; issue 31 item 6): a package declared and
// never used, or imported and never declared, fails it; a project that declares exactly what it imports passes. Run
// on a small project in a temporary folder, with the same command and options the lint step uses.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localBin } from "../../scripts/lib/test-commands";

const made: string[] = [];
afterAll(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

function project(dependencies: Record<string, string>, source: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "tsunagi-knip-"));
  made.push(folder);
  mkdirSync(path.join(folder, "src"));
  writeFileSync(path.join(folder, "package.json"), JSON.stringify({ name: "probe", private: true, type: "module", main: "src/index.ts", dependencies }));
  writeFileSync(path.join(folder, "src/index.ts"), source);
  return folder;
}

function dependencyCheck(folder: string): { status: number | null; output: string } {
  const run = spawnSync(localBin("knip"), ["--dependencies", "--no-progress", "--directory", folder], { encoding: "utf8", timeout: 120_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the dependency check in npm run lint", () => {
  it("fails on a package declared and never imported", () => {
    const result = dependencyCheck(project({ "left-pad": "1.3.0", "is-odd": "3.0.1" }, 'import isOdd from "is-odd";\nexport const odd = isOdd(3);\n'));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Unused dependencies \(1\)\s+left-pad/);
  });

  it("fails on a package imported and never declared", () => {
    const result = dependencyCheck(project({ "is-odd": "3.0.1" }, 'import isOdd from "is-odd";\nimport pad from "left-pad";\nexport const text = pad(String(isOdd(3)), 5);\n'));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Unlisted dependencies \(1\)\s+left-pad/);
  });

  // The repository itself is checked by the lint step (scripts/test.ts), not again here.
  it("passes a project that declares exactly what it imports", () => {
    expect(dependencyCheck(project({ "is-odd": "3.0.1" }, 'import isOdd from "is-odd";\nexport const odd = isOdd(3);\n'))).toEqual({ status: 0, output: "" });
  });
});
