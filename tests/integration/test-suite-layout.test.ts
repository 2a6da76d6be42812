// How the test suite itself is laid out (issue 26; docs/testing.md): lists kept by hand are checked against the files.
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { longRunningSpecs } from "../e2e/support/long-specs-first";
import { longRunningFiles } from "../support/long-files-first";

const repoRoot = path.resolve(import.meta.dirname, "../..");

it("every file the sequencer starts first exists, and none is listed twice", () => {
  expect(longRunningFiles.filter((file) => !existsSync(path.join(repoRoot, file)))).toEqual([]);
  expect(new Set(longRunningFiles).size).toBe(longRunningFiles.length);
});

it("every spec file the browser step starts first exists, and none is listed twice", () => {
  expect(longRunningSpecs.filter((file) => !existsSync(path.join(repoRoot, file)))).toEqual([]);
  expect(new Set(longRunningSpecs).size).toBe(longRunningSpecs.length);
});
