/**
 * `npm run bench`: figures and ratios measured side by side in one run (never timed assertions in tests).
 * Foundation benchmarks: the cost of validating a session against a bare primary-key query, and of
 * hashing a password; then the web app's participant pages (bench/web/) and the pipeline bridge's (bench/bridge/).
 * Uses DATABASE_URL or an embedded PostgreSQL under .data/bench. Name suites to run only those:
 * `npm run bench -- web` (foundation, web, idle, bridge, recontact, access, transparency, consultations, scale: the national cohort,
 * a million participants and a hundred million decisions — its sizes by BENCH_SCALE_* for a quick run).
 * BENCH_SMOKE=1 runs every part at a tiny size, to see that it runs to its end (bench/smoke.ts; the suite does so).
 */
import { cpus } from "node:os";
import path from "node:path";
import pg from "pg";
import { disconnectDatabase, getDatabase } from "../app/db.server";
import { hashPassword, verifyPassword } from "../app/domain/auth/password.server";
import { createSession } from "../app/domain/session/create-session.server";
import { validateSessionToken } from "../app/domain/session/validate-session-token.server";
import { sha256 } from "@tsunagi/service-kit/secure-random.server";
import { applyMigrations } from "../prisma/migrations-engine";
import { ensurePostgres } from "../scripts/lib/postgres";
import { BENCH_POSTGRES_PORT } from "./bench-database";
import { tracePostgresSettings } from "./bridge/trace-pauses";
import { runBridgeBenchmarks } from "./bridge/run-bridge-benchmarks";
import { runIdleBenchmark } from "./idle/run-idle-benchmark";
import { runAccessBenchmarks } from "./access/run-access-benchmarks";
import { runConsultationBenchmarks } from "./consultations/run-consultation-benchmarks";
import { runRecontactBenchmarks } from "./recontact/run-recontact-benchmarks";
import { runScaleBenchmarks } from "./scale/run-scale-benchmarks";
import { runTransparencyBenchmarks } from "./transparency/run-transparency-benchmarks";
import { compareFuriganaRuntime } from "./web/compare-furigana-runtime";
import { runWebBenchmarks, webPart } from "./web/run-web-benchmarks";
import { sized, smoke } from "./smoke";
import { benchSuites as suites } from "./suites";

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !suites.includes(name as (typeof suites)[number]));
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite ${unknown.join(", ")}: choose from ${suites.join(", ")} (none: all).`);
  process.exit(2);
}
const runs = (suite: (typeof suites)[number]) => asked.length === 0 || asked.includes(suite);

type Result = { perSecond: number; p50: number; p99: number };

async function sample(iterations: number, run: () => Promise<unknown>, into: number[]): Promise<void> {
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    await run();
    into.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

function summarize(samples: number[]): Result {
  const iterations = samples.length;
  samples.sort((a, b) => a - b);
  const total = samples.reduce((sum, value) => sum + value, 0);
  return { perSecond: (iterations / total) * 1000, p50: samples[Math.floor(iterations * 0.5)]!, p99: samples[Math.floor(iterations * 0.99)]! };
}

/** Runs two candidates in alternating slices, so machine noise falls on both alike. */
async function sideBySide(slices: number, perSlice: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[Result, Result]> {
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  await sample(perSlice, a, []);
  await sample(perSlice, b, []);
  for (let slice = 0; slice < slices; slice += 1) {
    await sample(perSlice, a, samplesA);
    await sample(perSlice, b, samplesB);
  }
  return [summarize(samplesA), summarize(samplesB)];
}

const format = (result: Result) =>
  `${result.perSecond.toFixed(0).padStart(8)} ops/s  p50 ${result.p50.toFixed(3)} ms  p99 ${result.p99.toFixed(3)} ms`;

async function foundationBenchmarks(url: string): Promise<void> {
  const db = getDatabase();
  const user = await db.user.upsert({
    where: { email: "bench@bench.tsunagi.test" },
    create: { email: "bench@bench.tsunagi.test", role: "participant", displayName: "bench" },
    update: {},
  });
  const { token } = await createSession(db, { userId: user.id, role: "participant", secondFactorVerified: true });
  const sessionId = token.split(".")[0]!;
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();

  const [validate, bare] = await sideBySide(
    sized(20, 1),
    sized(100, 5),
    () => validateSessionToken(token),
    () => raw.query('SELECT * FROM "Session" WHERE id = $1', [sessionId]),
  );
  console.log(`session validation (Prisma, hash compare)  ${format(validate)}`);
  console.log(`bare primary-key SELECT (pg)               ${format(bare)}`);
  console.log(`ratio validation / bare query              ${(validate.perSecond / bare.perSecond).toFixed(2)}\n`);

  const hashed = await hashPassword("correct horse battery staple");
  const [argon, digest] = await sideBySide(
    sized(5, 1),
    sized(6, 1),
    () => verifyPassword(hashed, "correct horse battery staple"),
    async () => sha256("correct horse battery staple"),
  );
  console.log(`argon2id password verify                   ${format(argon)}`);
  console.log(`SHA-256 of a session secret                ${format(digest)}`);
  console.log(`ratio argon2id / SHA-256 cost              ${(digest.perSecond / argon.perSecond).toFixed(0)}×\n`);

  await raw.end();
  await disconnectDatabase();
}

const postgres = await ensurePostgres({ dataDir: path.resolve(".data/bench"), port: BENCH_POSTGRES_PORT, settings: tracePostgresSettings() });
process.env.DATABASE_URL = postgres.url;
await applyMigrations(postgres.url);
console.log(`Tsunagi benchmarks — ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}\n`);
if (smoke) console.log("SMOKE MODE (BENCH_SMOKE=1): every part at a tiny size, to see it run to its end; the figures below mean nothing.\n");
if (runs("foundation")) await foundationBenchmarks(postgres.url);
try {
  if (runs("web")) {
    await runWebBenchmarks(postgres.adminUrl);
    if (webPart !== "whole") await compareFuriganaRuntime();
  }
  if (runs("idle")) await runIdleBenchmark();
  if (runs("bridge")) await runBridgeBenchmarks(postgres.adminUrl);
  if (runs("recontact")) await runRecontactBenchmarks(postgres.adminUrl);
  if (runs("access")) await runAccessBenchmarks(postgres.adminUrl);
  if (runs("transparency")) await runTransparencyBenchmarks(postgres.adminUrl);
  if (runs("consultations")) await runConsultationBenchmarks(postgres.adminUrl);
  if (runs("scale")) await runScaleBenchmarks(postgres.adminUrl);
} finally {
  await postgres.stop();
}
