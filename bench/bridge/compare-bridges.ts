/**
 * Before and after, side by side: this checkout's pipeline bridge against another checkout's (an earlier commit, a
 * branch), answering single `POST /v1/decisions` over HTTP keep-alive. Both bridges run at the same time as child
 * processes on one seeded database, and autocannon alternates between them round by round (the order reversed every
 * other round), so a slow minute of a shared machine falls on both. Separate runs of `npm run bench` a few minutes
 * apart differ by up to a third on this machine; rounds interleaved like this is how a change of a few per cent can
 * be told from that noise at all (bench/RESULTS.md, issue 12).
 *
 *   npx tsx bench/bridge/compare-bridges.ts <other checkout> [rounds, default 10]
 *
 * The other checkout must have its own `npm install` and a bench/bridge/bridge-process.ts that accepts
 * BENCH_BRIDGE_DATABASE_URL and BENCH_BRIDGE_DATA_DIR (every commit since the bridge benchmarks began), and a bridge
 * that reads this checkout's schema (the bridge's tables have not changed since). Uses DATABASE_URL's server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { disconnectDatabase } from "../../app/db.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { resetEnvCache } from "../../app/env.server";
import { applyMigrations } from "../../prisma/migrations-engine";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres";
import { bridgeNodeFlagsOf, startChild, type BenchChild } from "./child-process";
import { perSecond } from "./figures";
import { mainThreadCpuMs, processCpuMs } from "./read-cpu-time";
import { seedBridgeProjection } from "./seed-bridge-projection";
import { CONSENTING_INDEX, sampleCode } from "./synthetic-projection";

/** BENCH_COMPARE_DATABASE: another name, when two comparisons share a server. */
const DATABASE = process.env.BENCH_COMPARE_DATABASE ?? "tsunagi_bench_compare";
const SUBJECTS = 100_000;
const CONNECTIONS = 10;
const ROUND_SECONDS = 4;

const [otherCheckout, roundsArgument] = process.argv.slice(2);
if (!otherCheckout || !process.env.DATABASE_URL) {
  console.error("usage: DATABASE_URL=postgresql://… npx tsx bench/bridge/compare-bridges.ts <other checkout> [rounds]");
  process.exit(2);
}
const rounds = Number(roundsArgument ?? 10);
const adminUrl = process.env.DATABASE_URL;
const sides = [
  { name: "other", script: path.resolve(otherCheckout, "bench/bridge/bridge-process.ts") },
  { name: "this", script: path.resolve(import.meta.dirname, "bridge-process.ts") },
];

function round(url: string, gateToken: string, body: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${url}/v1/decisions`, method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${gateToken}` }, body, connections: CONNECTIONS, duration: seconds },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx + result.errors > 0) return reject(new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`));
        resolve(result.requests.total / seconds);
      },
    );
  });
}

await dropDatabase(adminUrl, DATABASE);
const databaseUrl = await createDatabase(adminUrl, DATABASE);
const dataDir = mkdtempSync(path.join(tmpdir(), "tsunagi-bench-compare-"));
const children: BenchChild<{ url: string }>[] = [];
let heartbeat: NodeJS.Timeout | undefined;
try {
  await applyMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  process.env.TSUNAGI_DATA_DIR = dataDir;
  resetEnvCache();
  await seedBridgeProjection(databaseUrl, SUBJECTS);
  const gateToken = (await issueApiToken({ name: "compare pipeline", scopes: ["gate:analyze"], createdById: null })).token;
  const ingestToken = (await issueApiToken({ name: "compare relay", scopes: ["bridge:ingest"], createdById: null })).token;
  for (const side of sides) children.push(await startChild<{ url: string }>(side.script, { BENCH_BRIDGE_DATABASE_URL: databaseUrl, BENCH_BRIDGE_DATA_DIR: dataDir }, 60_000, await bridgeNodeFlagsOf(path.resolve(path.dirname(side.script), "../.."))));
  const urls = children.map((child) => child.ready.url);
  // The relay's heartbeat, once a second, keeps both fresh (a stale bridge denies everything).
  const beat = () =>
    Promise.all(
      urls.map((url) =>
        fetch(`${url}/internal/v1/heartbeat`, {
          method: "POST",
          headers: { Authorization: `Bearer ${ingestToken}`, "Content-Type": "application/json" },
          body: JSON.stringify({ relayId: "bench-compare", highWaterMark: "0", sentAt: new Date().toISOString() }),
        }).then((response) => response.body?.cancel()),
      ),
    );
  await beat();
  heartbeat = setInterval(() => void beat().catch(() => undefined), 1_000);

  const body = JSON.stringify({ subject: sampleCode(CONSENTING_INDEX), action: "analyze", purpose: "DUO:0000006" });
  for (const url of urls) await round(url, gateToken, body, 2);
  const perRound: number[][] = sides.map(() => []);
  // Each bridge's own CPU (all its threads, /proc) during its rounds, per request: far less moved by a busy minute of a
  // shared machine than the rate is (a bridge short of a core answers fewer, but each answer costs what it costs).
  const cpuMs = sides.map(() => 0);
  // The main thread's share: it runs every request's JavaScript and is what limits the rate (the signature is
  // computed on libuv's pool, on the other core).
  const mainCpuMs = sides.map(() => 0);
  for (let index = 0; index < rounds; index++) {
    const order = index % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of order) {
      const pid = children[side]!.process.pid;
      const before = processCpuMs(pid);
      const mainBefore = mainThreadCpuMs(pid);
      perRound[side]!.push(await round(urls[side]!, gateToken, body, ROUND_SECONDS));
      cpuMs[side]! += processCpuMs(pid) - before;
      mainCpuMs[side]! += mainThreadCpuMs(pid) - mainBefore;
    }
  }
  const means = perRound.map((values) => values.reduce((sum, value) => sum + value, 0) / values.length);
  console.log(`Single decisions over HTTP, ${CONNECTIONS} connections, ${rounds} interleaved rounds of ${ROUND_SECONDS} s each side, ${SUBJECTS.toLocaleString("en-US")} subjects`);
  sides.forEach((side, index) => {
    console.log(`   ${(side.name === "this" ? "this checkout" : otherCheckout).padEnd(40)} ${perSecond(means[index]!).padStart(9)}   rounds ${perRound[index]!.map((value) => Math.round(value)).join(" / ")}`);
  });
  console.log(`   ratio this / other                       ${(means[1]! / means[0]!).toFixed(3)}`);
  const cpuPerRequest = cpuMs.map((ms, index) => (ms * 1000) / (means[index]! * ROUND_SECONDS * rounds));
  console.log(`   bridge CPU per request, other / this     ${cpuPerRequest.map((us) => `${Math.round(us)} µs`).join(" / ")}   ratio this / other ${(cpuPerRequest[1]! / cpuPerRequest[0]!).toFixed(3)}`);
  const mainPerRequest = mainCpuMs.map((ms, index) => (ms * 1000) / (means[index]! * ROUND_SECONDS * rounds));
  console.log(`   of which its main thread, other / this   ${mainPerRequest.map((us) => `${Math.round(us)} µs`).join(" / ")}   ratio this / other ${(mainPerRequest[1]! / mainPerRequest[0]!).toFixed(3)}`);
} finally {
  if (heartbeat) clearInterval(heartbeat);
  await Promise.all(children.map((child) => child.stop()));
  await disconnectDatabase();
  await dropDatabase(adminUrl, DATABASE);
  rmSync(dataDir, { recursive: true, force: true });
}
