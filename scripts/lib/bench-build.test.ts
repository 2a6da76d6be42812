import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { benchBundle, benchEntryPoints } from "./bench-build";

const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Every TypeScript file under bench/, relative to the repository. */
function benchSources(folder = "bench"): string[] {
  return readdirSync(path.join(repoRoot, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? benchSources(path.join(folder, entry.name)) : entry.name.endsWith(".ts") ? [path.join(folder, entry.name)] : [],
  );
}

it("npm run bench makes the bench bundle current, then runs its compiled run.mjs (ADR 173)", () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
  expect(manifest.scripts.bench).toBe(`tsx scripts/build-bench.ts && node ${benchBundle.folder}/current/run.mjs`);
  expect(benchEntryPoints.run).toBe("bench/run.ts");
  for (const file of Object.values(benchEntryPoints)) expect(existsSync(path.join(repoRoot, file)), file).toBe(true);
});

it("every child a bench starts by name is an entry of the bundle, so a compiled bench never starts one on tsx", () => {
  // startChild resolves its script against bench/bridge/ (child-process.ts), whichever file calls it.
  const started = new Set<string>();
  for (const file of benchSources()) {
    for (const match of readFileSync(path.join(repoRoot, file), "utf8").matchAll(/startChild(?:<[^(]*>)?\(\s*"([^"]+\.ts)"/g)) {
      started.add(path.relative(repoRoot, path.resolve(repoRoot, "bench/bridge", match[1]!)));
    }
  }
  expect(started.size).toBeGreaterThanOrEqual(7);
  const entries = new Set<string>(Object.values(benchEntryPoints));
  expect([...started].filter((file) => !entries.has(file))).toEqual([]);
});
