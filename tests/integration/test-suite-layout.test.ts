// How the test suite itself is laid out (issue 26; docs/testing.md): lists kept by hand are checked against the files.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { longRunningSpecs } from "../e2e/support/long-specs-first";
import { longRunningFiles } from "../support/long-files-first";
import { benchSuites, bridgeParts } from "../../bench/suites";
import { smokeRuns, type SmokeRun } from "../support/bench-smoke";
import { supportedLanguages } from "../../app/i18n/languages";

const repoRoot = path.resolve(import.meta.dirname, "../..");

it("every file the sequencer starts first exists, and none is listed twice", () => {
  expect(longRunningFiles.filter((file) => !existsSync(path.join(repoRoot, file)))).toEqual([]);
  expect(new Set(longRunningFiles).size).toBe(longRunningFiles.length);
});

it("every spec file the browser step starts first exists, and none is listed twice", () => {
  expect(longRunningSpecs.filter((file) => !existsSync(path.join(repoRoot, file)))).toEqual([]);
  expect(new Set(longRunningSpecs).size).toBe(longRunningSpecs.length);
});

it("the bench smoke files together run every suite of npm run bench, every part of the bridge's and both of the web's, each file its entry (issue 60)", () => {
  const runs: SmokeRun[] = Object.values(smokeRuns);
  expect(benchSuites.filter((suite) => !runs.some((run) => run.suites.includes(suite)))).toEqual([]);
  const bridgeRuns = runs.filter((run) => run.suites.includes("bridge"));
  expect(bridgeParts.filter((part) => !bridgeRuns.some((run) => !run.bridge || run.bridge.includes(part)))).toEqual([]);
  // The web suite's two measurements (BENCH_WEB_PART), one process and the whole system, each in some file.
  const webRuns = runs.filter((run) => run.suites.includes("web"));
  expect((["one", "whole"] as const).filter((part) => !webRuns.some((run) => !run.web || run.web === part))).toEqual([]);
  const files = readdirSync(path.join(repoRoot, "tests/integration")).filter((file) => file.startsWith("bench-smoke-") && file.endsWith(".test.ts"));
  expect(files.map((file) => file.replace(/\.test\.ts$/, "")).sort()).toEqual(Object.keys(smokeRuns).sort());
});

it("the browser flows walked in one language are spread over the three: each language walks at least a fifth of them (ADR 174)", () => {
  const folder = path.join(repoRoot, "tests/e2e");
  const walked = readdirSync(folder)
    .filter((file) => file.endsWith(".spec.ts"))
    .flatMap((file) => [...readFileSync(path.join(folder, file), "utf8").matchAll(/[wW]alkedIn(?:<[^>]*>)?\((?:\w+, )?"([^"]+)"\)/g)].map((match) => match[1]!));
  expect(walked.length).toBeGreaterThan(20);
  expect(walked.filter((language) => !(supportedLanguages as readonly string[]).includes(language))).toEqual([]);
  for (const language of supportedLanguages) {
    expect(walked.filter((each) => each === language).length, `flows walked in ${language}`).toBeGreaterThanOrEqual(walked.length / 5);
  }
});
