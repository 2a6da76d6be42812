/**
 * Before and after, side by side: consent changes a second through this checkout's withdrawConsent against another
 * checkout's (an earlier commit, a branch), each in its own driver process (withdrawal-driver-process.ts, which every
 * commit since issue 13 has), on one seeded database. Rounds alternate between the two, the order reversed every
 * other round, so a slow minute of a shared machine falls on both: whole runs of `npm run bench` minutes apart differ
 * here by up to a third, more than the change being measured (bench/RESULTS.md).
 *
 *   DATABASE_URL=postgresql://… npx tsx bench/bridge/compare-consent-verbs.ts <other checkout> [rounds, default 6]
 *   DATABASE_URL=postgresql://… npx tsx bench/bridge/compare-consent-verbs.ts --cohort-triggers [rounds]
 *
 * `--cohort-triggers` compares this checkout with itself, ADR 074's counting triggers switched off before each of the
 * "off" rounds and on again before each of the "on" rounds: what keeping the cohort counts costs the verb (an
 * earlier checkout cannot show it, since the triggers belong to the database both sides write to).
 *
 * Each round withdraws PER_ROUND fresh participants through the verb with 16 in flight, as fast as they go (no
 * pacing), and reports the rate, and the CPU a change of the driver and of PostgreSQL (its server with every backend:
 * the driver's work there, parsing, planning and running the verb's statements) and of the whole machine. The other checkout needs its own `npm install` and must run against this
 * checkout's schema (migrations only add, so an earlier commit does).
 */
import path from "node:path";
import pg from "pg";
import { disconnectDatabase } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { applyMigrations } from "../../prisma/migrations-engine";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres";
import { startChild, type BenchChild } from "./child-process";
import { ms, perSecond } from "./figures";
import { machineCpu, postmasterOf, processCpuMs, processTreeCpuMs } from "./read-cpu-time";
import { seedConsentedParticipants } from "./seed-consented-participants";

/** BENCH_COMPARE_VERBS_DATABASE: another name, when two comparisons share a server. */
const DATABASE = process.env.BENCH_COMPARE_VERBS_DATABASE ?? "tsunagi_bench_compare_verbs";
const PER_ROUND = 400;
const IN_FLIGHT = 16;

const [otherCheckout, roundsArgument] = process.argv.slice(2);
if (!otherCheckout || !process.env.DATABASE_URL) {
  console.error("usage: DATABASE_URL=postgresql://… npx tsx bench/bridge/compare-consent-verbs.ts <other checkout> | --cohort-triggers [rounds]");
  process.exit(2);
}
const rounds = Number(roundsArgument ?? 6);
const adminUrl = process.env.DATABASE_URL;
const thisDriver = path.resolve(import.meta.dirname, "withdrawal-driver-process.ts");
/** The tables ADR 074's triggers sit on; `ALTER TABLE … ENABLE/DISABLE TRIGGER USER` switches them all at once. */
const countedTables = ["ConsentState", "Sample", "ParticipantIdentity", "Participant"];
const switchTriggers = (on: boolean) => async (databaseUrl: string) => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const table of countedTables) await client.query(`ALTER TABLE "${table}" ${on ? "ENABLE" : "DISABLE"} TRIGGER USER`);
  } finally {
    await client.end();
  }
};
const sides: { name: string; script: string; before?: (databaseUrl: string) => Promise<void> }[] =
  otherCheckout === "--cohort-triggers"
    ? [
        { name: "cohort triggers off", script: thisDriver, before: switchTriggers(false) },
        { name: "cohort triggers on (ADR 074)", script: thisDriver, before: switchTriggers(true) },
      ]
    : [
        { name: otherCheckout, script: path.resolve(otherCheckout, "bench/bridge/withdrawal-driver-process.ts") },
        { name: "this checkout", script: thisDriver },
      ];

/** CPU milliseconds a change over one round: the driver's, PostgreSQL's (server and backends) and the machine's. */
interface RoundCpu {
  driver: number;
  postgres: number;
  machine: number;
}

/** One round: `participantIds` withdrawn through the verb by `driver`; the rate is how many a second it managed. */
async function round(driver: BenchChild<unknown>, participantIds: string[], actorUserId: string, postmaster: number | undefined): Promise<{ rate: number; cpu: RoundCpu }> {
  const before = { driver: processCpuMs(driver.process.pid), postgres: processTreeCpuMs(postmaster), machine: machineCpu().busyMs };
  const rate = await runRound(driver, participantIds, actorUserId);
  const each = (value: number) => value / participantIds.length;
  return {
    rate,
    cpu: {
      driver: each(processCpuMs(driver.process.pid) - before.driver),
      postgres: each(processTreeCpuMs(postmaster) - before.postgres),
      machine: each(machineCpu().busyMs - before.machine),
    },
  };
}

function runRound(driver: BenchChild<unknown>, participantIds: string[], actorUserId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let failed = 0;
    driver.onMessage((message) => {
      if (message.type === "failed") failed++;
      if (message.type !== "phase-done") return;
      if (failed > 0) return reject(new Error(`${failed} withdrawals failed`));
      resolve((message.started as number) / (message.seconds as number));
    });
    driver.send({ type: "run", mode: "verb", participantIds, ratePerSecond: 100_000, durationMs: 600_000, maxInFlight: IN_FLIGHT, actorUserId });
  });
}

await dropDatabase(adminUrl, DATABASE);
const databaseUrl = await createDatabase(adminUrl, DATABASE);
const drivers: BenchChild<unknown>[] = [];
try {
  await applyMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
  // A warm-up round each, then the measured rounds.
  const cohort = await seedConsentedParticipants(PER_ROUND * 2 * (rounds + 1));
  for (const side of sides) drivers.push(await startChild<unknown>(side.script, { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" }));
  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  const postmaster = postmasterOf((await probe.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
  await probe.end();
  let next = 0;
  const slice = () => cohort.participantIds.slice(next, (next += PER_ROUND));
  const measure = async (side: number) => {
    await sides[side]!.before?.(databaseUrl);
    return round(drivers[side]!, slice(), cohort.coordinatorId, postmaster);
  };
  for (let side = 0; side < sides.length; side++) await measure(side);
  const perRound: { rate: number; cpu: RoundCpu }[][] = sides.map(() => []);
  for (let index = 0; index < rounds; index++) {
    for (const side of index % 2 === 0 ? [0, 1] : [1, 0]) perRound[side]!.push(await measure(side));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const means = perRound.map((values) => ({
    rate: mean(values.map((value) => value.rate)),
    driver: mean(values.map((value) => value.cpu.driver)),
    postgres: mean(values.map((value) => value.cpu.postgres)),
    machine: mean(values.map((value) => value.cpu.machine)),
  }));
  console.log(`withdrawConsent through the verb, ${IN_FLIGHT} in flight, ${PER_ROUND} participants a round, ${rounds} interleaved rounds each side`);
  sides.forEach((side, index) => {
    const figures = means[index]!;
    console.log(`   ${side.name.padEnd(40)} ${perSecond(figures.rate).padStart(7)}   rounds ${perRound[index]!.map((value) => Math.round(value.rate)).join(" / ")}`);
    console.log(`   ${"".padEnd(40)} CPU a change: PostgreSQL ${ms(figures.postgres, 2)}, driver ${ms(figures.driver, 2)}, the machine ${ms(figures.machine, 2)}`);
  });
  const [other, own] = means as [(typeof means)[number], (typeof means)[number]];
  console.log(`   ratio this / other: rate; CPU a change PostgreSQL, driver, machine   ${(own.rate / other.rate).toFixed(2)}; ${(own.postgres / other.postgres).toFixed(2)}, ${(own.driver / other.driver).toFixed(2)}, ${(own.machine / other.machine).toFixed(2)}`);
} finally {
  await Promise.all(drivers.map((driver) => driver.stop()));
  await disconnectDatabase();
  await dropDatabase(adminUrl, DATABASE);
}
