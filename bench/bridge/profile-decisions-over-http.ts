/**
 * Benchmark 1 alone (decisions over HTTP, the bridge beside the bare node:http server), optionally with the bridge's CPU
 * profiled under that load: `DATABASE_URL=postgresql://… npx tsx bench/bridge/profile-decisions-over-http.ts [subjects] [--profile]`.
 * With --profile the bridge child runs with `--cpu-prof` and its top self-time entries are printed after the figures
 * (the profile covers the child's whole life: start-up, the projection's load, warm-ups and rounds). The profiler
 * itself costs the bridge CPU (a sampling thread, a signal per sample), so figures of a profiled run are not compared
 * with others. The bare server is never profiled.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { withBenchDatabase } from "../bench-database";
import { bridgeNodeFlags } from "../../services/pipeline-bridge/src/node-flags";
import { startChild } from "./child-process";
import { benchmarkDecisionsOverHttp } from "./decisions-over-http";
import { gateScopes, keepFresh } from "./run-bridge-benchmarks";
import { seedBridgeProjection } from "./seed-bridge-projection";
import { summariseCpuProfile } from "./summarise-cpu-profile";

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error("usage: DATABASE_URL=postgresql://… npx tsx bench/bridge/profile-decisions-over-http.ts [subjects]");
  process.exit(2);
}
const profiling = process.argv.includes("--profile");
const subjects = Number(process.argv.slice(2).find((argument) => !argument.startsWith("--")) ?? 100_000);
const keepProfiles = process.env.BENCH_CPU_PROF_DIR !== undefined;
const profiles = process.env.BENCH_CPU_PROF_DIR ?? mkdtempSync(path.join(tmpdir(), "tsunagi-bridge-profile-"));

await withBenchDatabase(adminUrl, process.env.BENCH_PROFILE_DATABASE ?? "tsunagi_bench_bridge_profile", async ({ databaseUrl, dataDir }) => {
  await seedBridgeProjection(databaseUrl, subjects);
  const gateToken = (await issueApiToken({ name: "bench pipeline", scopes: [...gateScopes], createdById: null })).token;
  const ingestToken = (await issueApiToken({ name: "bench relay", scopes: ["bridge:ingest"], createdById: null })).token;
  if (profiling) process.env.BENCH_CPU_PROF_DIR = profiles;
  const bridge = await startChild<{ url: string }>("bridge-process.ts", { BENCH_BRIDGE_DATABASE_URL: databaseUrl, BENCH_BRIDGE_DATA_DIR: dataDir }, 60_000, bridgeNodeFlags);
  delete process.env.BENCH_CPU_PROF_DIR;
  const bare = await startChild<{ url: string }>("bare-server-process.ts", { BENCH_BARE_SUBJECTS: String(subjects) });
  const stopBeating = await keepFresh(bridge.ready.url, ingestToken);
  try {
    await benchmarkDecisionsOverHttp({ bridgeUrl: bridge.ready.url, bareUrl: bare.ready.url, subjects, gateToken, bridgePid: bridge.process.pid, barePid: bare.process.pid, print: (text) => console.log(text) });
  } finally {
    stopBeating();
    await bare.stop();
    await bridge.stop();
  }
});
// One profile per thread; the main thread's is the largest.
const folder = path.join(profiles, "bridge-process");
const [largest] = (profiling ? readdirSync(folder) : [])
  .map((name) => path.join(folder, name))
  .sort((a, b) => statSync(b).size - statSync(a).size);
if (largest) console.log(`${largest}\n${summariseCpuProfile(largest, 25).join("\n")}`);
if (!keepProfiles) rmSync(profiles, { recursive: true, force: true });
