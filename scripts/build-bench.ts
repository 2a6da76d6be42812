/**
 * `npm run bench`'s first step (package.json): compiles the benchmarks into build-bench/current/ (ADR 173) unless it
 * already holds them as the sources are now; `node build-bench/current/run.mjs` runs next. What it says goes to stderr,
 * so the bench's report on stdout stays only the bench's.
 */
import { ensureBenchBuild } from "./lib/bench-build";
import { ensureBundleOrExit } from "./lib/bundle-command";

await ensureBundleOrExit("the benchmarks", ensureBenchBuild);
