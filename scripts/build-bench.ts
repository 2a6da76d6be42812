/**
 * `npm run bench`'s first step (package.json): compiles the benchmarks into build-bench/current/ (ADR 173) unless it
 * already holds them as the sources are now; `node build-bench/current/run.mjs` runs next. What it says goes to stderr,
 * so the bench's report on stdout stays only the bench's.
 */
import { ensureBenchBuild } from "./lib/bench-build";

const started = Date.now();
try {
  const { built } = await ensureBenchBuild({ log: (line) => console.error(`[tsunagi] ${line}`) });
  if (built) console.error(`[tsunagi] Compiled the benchmarks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`[tsunagi] Could not compile the benchmarks: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
