/**
 * The web bench's anchor, Remix's Express template (bench/web/baseline/), built with its own vite config into
 * bench/web/baseline/build/ (gitignored) when that holds no build yet. Two processes may want it at once — the web
 * bench's smoke run and tests/integration/page-weight.test.ts, side by side in the suite — so it is built under the
 * lock `npm start` and the tests take to build the app (scripts/lib/app-build.ts), and never twice into one folder.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { withBuildLock } from "../../scripts/lib/app-build";
import { baselineBuildDirectory } from "./baseline/server";

const root = path.resolve(import.meta.dirname, "../..");
const baselineRoot = path.join(import.meta.dirname, "baseline");

/** Builds the template now, whatever bench/web/baseline/build/ holds (the full bench does, once a run). */
export function buildBaselineNow(): void {
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build", baselineRoot, "--logLevel", "error"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error("vite build of the bench's template (bench/web/baseline) failed");
}

/** Builds the template unless a build of it is there already; one builder at a time. */
export async function ensureBaselineBuild(log: (line: string) => void = () => undefined): Promise<void> {
  const built = () => existsSync(path.join(baselineBuildDirectory, "server/index.js"));
  if (built()) return;
  await withBuildLock(
    root,
    async () => {
      // Another process may have built it while this one waited.
      if (!built()) buildBaselineNow();
    },
    log,
  );
}
