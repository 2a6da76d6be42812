/**
 * A national cohort's release (issue 30 item 6, goal 4: 1,000,000 samples filtered, signed and stored < 2 s), alone or
 * before and after side by side: `POST /v1/releases` of every sample against a bridge child holding that many
 * subjects (bench/bridge/seed-bridge-projection.ts, as `npm run bench -- scale` part 5 seeds it, without the app's
 * million participants, which a release never reads).
 *
 *   DATABASE_URL=postgresql://… npx tsx bench/bridge/compare-releases.ts [--other <checkout>] [--subjects N] [--runs N] [--explain] [--profile <file>] [--profile-other <file>]
 *
 * With --other, that checkout's bridge runs beside this one's, each on a database of its own migrated with its own
 * migrations (a change to the bridge's tables or triggers is part of what is compared), and the releases alternate
 * between them run by run, the order reversed every other run, so a busy minute of a shared machine falls on both.
 * Printed per side: the median wall time, and per release the CPU of the bridge process (all its threads) and of its
 * database backends (/proc; pids from pg_stat_activity). BENCH_CPU_PROF_DIR set: the bridge children write V8 CPU
 * profiles (child-process.ts). --explain: after the runs, the database's part of one stored release again, in a
 * transaction rolled back (EXPLAIN ANALYZE of the INSERT, the manifest parsed from its text, with each trigger's time).
 * --profile <file>: a V8 CPU profile of this checkout's bridge over the measured runs only (not its start), written
 * there and summarised; --profile-other <file> the same of the other checkout's (its bench/bridge/child-process.ts
 * must have profileOnRequest: copy this one's over when comparing with an older commit).
 */
import path from "node:path";
import pg from "pg";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { withBenchDatabase } from "../bench-database";
import { bridgeNodeFlagsOf, startChild, type BenchChild } from "./child-process";
import { line, ms } from "./figures";
import { processCpuMs } from "./read-cpu-time";
import { bringDatabaseToRest, excludedText, prepareRelease, releaseOnce, waitUntilRecorded, type Manifest } from "./release-over-http";
import { keepFresh } from "./run-bridge-benchmarks";
import { seedBridgeProjection } from "./seed-bridge-projection";
import { summariseCpuProfile, summariseInclusive } from "./summarise-cpu-profile";

const GOAL_MS = 2_000;
const adminUrl = process.env.DATABASE_URL;
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
if (!adminUrl) {
  console.error("usage: DATABASE_URL=postgresql://… npx tsx bench/bridge/compare-releases.ts [--other <checkout>] [--subjects N] [--runs N]");
  process.exit(2);
}
const other = argument("--other");
const subjects = Number(argument("--subjects") ?? 1_000_000);
const runs = Number(argument("--runs") ?? 5);
const explain = process.argv.includes("--explain");
const profileFile = argument("--profile");

interface Side {
  name: string;
  root: string;
  database: string;
  databaseUrl?: string;
  dataDir?: string;
  gateToken?: string;
  ingestToken?: string;
  bridge?: BenchChild<{ url: string; subjects: number }>;
  stopBeating?: () => void;
  body?: string;
  /** recordedMs: from the answer until the release's per-sample rows were committed after it (ADR 082; 0 when written inside the release). */
  runs: { ms: number; bridgeCpuMs: number; databaseCpuMs: number; recordedMs: number; recordCpuMs: number }[];
  manifest?: Manifest;
  answerChars?: number;
}

/** BENCH_RELEASE_DATABASE_PREFIX: each side's database is <prefix>this / <prefix>other (helpers keep their own). */
const databasePrefix = process.env.BENCH_RELEASE_DATABASE_PREFIX ?? "tsunagi_bench_release_";
const thisRoot = path.resolve(import.meta.dirname, "../..");
const sides: Side[] = [
  ...(other ? [{ name: path.resolve(other), root: path.resolve(other), database: `${databasePrefix}other`, runs: [] }] : []),
  { name: "this checkout", root: thisRoot, database: `${databasePrefix}this`, runs: [] },
];

/** Each side's database, created, migrated with that side's migrations and seeded, nested so that all stay open. */
async function withDatabases(index: number, run: () => Promise<void>): Promise<void> {
  const side = sides[index];
  if (!side) return run();
  await withBenchDatabase(
    adminUrl!,
    side.database,
    async ({ databaseUrl, dataDir }) => {
      side.databaseUrl = databaseUrl;
      side.dataDir = dataDir;
      const started = performance.now();
      await seedBridgeProjection(databaseUrl, subjects);
      side.gateToken = (await issueApiToken({ name: "bench pipeline", scopes: ["gate:release", "gate:datasets"], createdById: null })).token;
      side.ingestToken = (await issueApiToken({ name: "bench relay", scopes: ["bridge:ingest"], createdById: null })).token;
      console.log(`   (${side.name}: ${subjects.toLocaleString("en-US")} subjects written in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      await withDatabases(index + 1, run);
    },
    { migrationsDir: path.join(side.root, "prisma", "migrations") },
  );
}

/** CPU so far of each backend connected to the database, by pid. */
async function backendCpu(admin: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  return new Map(rows.map((row) => [row.pid, processCpuMs(row.pid) || 0]));
}

/**
 * The backends' CPU since `before`: per pid, so a backend that ended meanwhile (a pool closing an idle connection)
 * is left out rather than subtracted (a sum over whichever pids were there gave negative figures), and one that
 * started meanwhile counts from zero.
 */
async function backendCpuSince(admin: pg.Client, database: string, before: Map<number, number>): Promise<number> {
  let sum = 0;
  for (const [pid, cpuMs] of await backendCpu(admin, database)) sum += cpuMs - (before.get(pid) ?? 0);
  return sum;
}

async function measure(admin: pg.Client, side: Side, record: boolean): Promise<void> {
  await bringDatabaseToRest(side.databaseUrl!);
  const bridgeBefore = processCpuMs(side.bridge!.process.pid);
  const databaseBefore = await backendCpu(admin, side.database);
  const release = await releaseOnce(side.bridge!.ready.url, side.gateToken!, side.body!);
  const bridgeCpuMs = processCpuMs(side.bridge!.process.pid) - bridgeBefore;
  const databaseCpuMs = await backendCpuSince(admin, side.database, databaseBefore);
  side.manifest = release.manifest;
  side.answerChars = release.answerChars;
  // The per-sample rows a side writes after the commit are waited for before the next run, so one release's
  // recording never falls into another's measurement; their time and CPU are printed apart.
  const answered = performance.now();
  const recordingBefore = await backendCpu(admin, side.database);
  const recordingBridgeBefore = processCpuMs(side.bridge!.process.pid);
  const recordedMs = (await waitUntilRecorded(side.databaseUrl!, release.manifest.releaseId)) ? performance.now() - answered : 0;
  const recordCpuMs = recordedMs === 0 ? 0 : (await backendCpuSince(admin, side.database, recordingBefore)) + processCpuMs(side.bridge!.process.pid) - recordingBridgeBefore;
  if (record) side.runs.push({ ms: release.ms, bridgeCpuMs, databaseCpuMs, recordedMs, recordCpuMs });
}


/**
 * The INSERT of a stored release replayed as the bridge sends it, timed by EXPLAIN ANALYZE: the manifest's bytes and a
 * detached signature (ADR 094), or on a checkout before it the manifest as text (parsed to jsonb) and the whole JWS.
 */
async function explainInsert(side: Side): Promise<void> {
  const client = new pg.Client({ connectionString: side.databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const { rowCount: storedOnce } = await client.query("SELECT 1 FROM information_schema.columns WHERE table_schema = 'bridge' AND table_name = 'release' AND column_name = 'payload'");
    const { rows } = await client.query<{ "QUERY PLAN": string }>(
      storedOnce
        ? `EXPLAIN (ANALYZE, BUFFERS) INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at, approval_id)
           SELECT gen_random_uuid(), dataset_id, recipient, purpose, client_id, payload, jws, created_at, approval_id FROM bridge.release LIMIT 1`
        : `EXPLAIN (ANALYZE, BUFFERS) INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, manifest, jws, created_at, approval_id)
           SELECT gen_random_uuid(), dataset_id, recipient, purpose, client_id, manifest::text::jsonb, jws, created_at, approval_id FROM bridge.release LIMIT 1`,
    );
    console.log(`   EXPLAIN ANALYZE of one release's INSERT again (${side.name}):\n${rows.map((row) => `      ${row["QUERY PLAN"]}`).join("\n")}`);
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
try {
  await withDatabases(0, async () => {
    try {
      for (const side of sides) {
        const started = performance.now();
        side.bridge = await startChild(path.join(side.root, "bench/bridge/bridge-process.ts"), { BENCH_BRIDGE_DATABASE_URL: side.databaseUrl!, BENCH_BRIDGE_DATA_DIR: side.dataDir! }, 600_000, await bridgeNodeFlagsOf(side.root));
        console.log(`   (${side.name}: bridge loaded ${side.bridge.ready.subjects.toLocaleString("en-US")} subjects in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
        side.stopBeating = await keepFresh(side.bridge.ready.url, side.ingestToken!);
        side.body = await prepareRelease({ bridgeUrl: side.bridge.ready.url, gateToken: side.gateToken!, ingestToken: side.ingestToken!, samples: subjects });
      }
      for (const side of sides) await measure(admin, side, false);
      // The profiles: this checkout's bridge (--profile), the other's (--profile-other).
      const profiles = [
        { file: profileFile, side: sides[sides.length - 1]! },
        { file: argument("--profile-other"), side: other ? sides[0]! : undefined },
      ].filter((profile): profile is { file: string; side: Side } => profile.file !== undefined && profile.side !== undefined);
      for (const profile of profiles) profile.side.bridge!.send({ type: "profile-start" });
      for (let run = 0; run < runs; run++) {
        const order = run % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) await measure(admin, side, true);
      }
      for (const { file, side } of profiles) {
        const written = new Promise<void>((resolve) => side.bridge!.onMessage((message) => message.type === "profiled" && resolve()));
        side.bridge!.send({ type: "profile-stop", file: path.resolve(file) });
        await written;
        console.log(`   CPU profile of ${side.name}'s bridge over the measured runs: ${path.resolve(file)}\n${summariseCpuProfile(path.resolve(file), 25).join("\n")}\n${summariseInclusive(path.resolve(file), 40).join("\n")}`);
      }
      if (explain) for (const side of sides) await explainInsert(side);
    } finally {
      for (const side of sides) side.stopBeating?.();
      await Promise.all(sides.map((side) => side.bridge?.stop()));
    }
  });
} finally {
  await admin.end();
}

console.log(`\nA release of ${subjects.toLocaleString("en-US")} samples to industry, filtered, signed (ES256), stored and answered; ${runs} runs each side after 1 warm-up${sides.length > 1 ? ", alternating" : ""}`);
for (const side of sides) {
  const wall = median(side.runs.map((run) => run.ms));
  print(side, wall);
}
if (sides.length > 1) console.log(`   ratio this / other, median wall time      ${(median(sides[1]!.runs.map((run) => run.ms)) / median(sides[0]!.runs.map((run) => run.ms))).toFixed(2)}`);
const last = sides[sides.length - 1]!;
console.log(`   (${last.manifest!.includedCount.toLocaleString("en-US")} included; excluded: ${excludedText(last.manifest!)}; request ${(last.body!.length / 1e6).toFixed(1)} MB, signed answer ${(last.answerChars! / 1e6).toFixed(1)} MB)`);

function print(side: Side, wall: number): void {
  console.log(line(`   ${side.name}`.slice(0, 46), `median ${ms(wall, 0)}  (runs ${side.runs.map((run) => Math.round(run.ms)).join(" / ")})`, { text: `< ${GOAL_MS} ms`, met: wall < GOAL_MS }));
  console.log(`      CPU per release: bridge ${ms(median(side.runs.map((run) => run.bridgeCpuMs)), 0)}, its database backends ${ms(median(side.runs.map((run) => run.databaseCpuMs)), 0)} (medians)`);
  if (side.runs.some((run) => run.recordedMs > 0))
    console.log(`      per-sample rows recorded after the answer (ADR 082): median ${ms(median(side.runs.map((run) => run.recordedMs)), 0)} later, CPU ${ms(median(side.runs.map((run) => run.recordCpuMs)), 0)} (bridge and backends)`);
}
