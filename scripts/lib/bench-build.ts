/**
 * The benchmarks as compiled JavaScript (ADR 173; issue 62): `npm run bench` and the processes it starts — the web app
 * one process or a cluster, the bridge, the relay, the bare server, the witness, the withdrawal driver — and the chaos
 * run's writer, bundled by esbuild into build-bench/<id>/ the way the services are (scripts/lib/services-build.ts, ADR
 * 081), so each starts on plain `node` with nothing to compile. Under tsx each of them compiled the app's modules again
 * before measuring anything: in the bridge's smoke run, ten processes, a third of whose CPU was tsx's loader thread.
 *
 * Built only when a source changed, as the services are. `npm run bench` is `tsx scripts/build-bench.ts && node
 * build-bench/current/run.mjs`; the suite builds it once in its build step and its smoke tests run it so.
 * bench/bridge/child-process.ts starts a child from the bundle when it runs from the bundle itself and the child is
 * one of its entries; a checkout compared against (compare-bridges.ts and the like) still runs its own sources on tsx.
 */
import { bundleEntry, ensureBundle, type BundleSpec, type EnsureBundleOptions } from "./services-build";

/** Entry points, each named as its source's file, which is how child-process.ts finds a child's compiled entry. */
export const benchEntryPoints = {
  run: "bench/run.ts",
  // The web app's cluster workers (server/app-cluster.ts forks app-worker.mjs beside the bundle that starts it).
  "app-worker": "server/app-worker.ts",
  "app-process": "bench/web/app-process.ts",
  "baseline-process": "bench/web/baseline-process.ts",
  "bridge-process": "bench/bridge/bridge-process.ts",
  "relay-process": "bench/bridge/relay-process.ts",
  "bare-server-process": "bench/bridge/bare-server-process.ts",
  "witness-process": "bench/bridge/witness-process.ts",
  "withdrawal-driver-process": "bench/bridge/withdrawal-driver-process.ts",
  // Loaded with `--import` into every child when BENCH_TRACE_DIR is set.
  "trace-pauses": "bench/bridge/trace-pauses.ts",
  "writer-process": "bench/chaos/writer-process.ts",
} as const;

export type BenchEntryName = keyof typeof benchEntryPoints;

export const benchBundle: BundleSpec = {
  folder: "build-bench",
  entryPoints: benchEntryPoints,
  configFiles: ["scripts/lib/services-build.ts", "scripts/lib/bench-build.ts", "tsconfig.json", "package.json", "package-lock.json"],
};

/** Bundles the benchmarks unless build-bench/current is a bundle of the current sources. Resolves to whether it built. */
export function ensureBenchBuild(options: EnsureBundleOptions = {}): Promise<{ built: boolean }> {
  return ensureBundle(benchBundle, "the benchmarks", options);
}

/** The path `node` runs for an entry point of the current bench bundle (e.g. "run"). */
export function benchEntry(name: BenchEntryName, root?: string): string {
  return bundleEntry(benchBundle, name, root);
}
