/**
 * A national cohort (issue 30 item 6; part of `npm run bench`, alone `npm run bench -- scale`). Two databases of their
 * own, seeded in bulk (bench/web/seed-web-cohort.ts's participants, then ./seed-national-cohort.ts's ledger, consent
 * states and decision log): `tsunagi_bench_scale_base` with 100,000 participants and `tsunagi_bench_scale` with
 * 1,000,000, both dropped afterwards. Printed, each beside its goal:
 *
 * 1. `/consent`'s server CPU per request at 1,000,000 participants within 1.2× of the same at 100,000: one app child
 *    per database (bench/web/app-process.ts, the production build), autocannon as the web suite drives it, rounds
 *    alternating between the two and their order reversed every other round. Server CPU = the app process and its
 *    database's backends (/proc); beside it the machine's busy time less this process (the load generator).
 * 2. A data-access application's consent counts over 1,000,000 participants (countConsentMatchesFor) < 1 s.
 * 3. A campaign's audience (previewCampaignAudience) over 1,000,000 participants < 2 s: as seeded (1 in 10 contacted
 *    before) and again after three more national campaigns (most contacted before), each time beside ADR 074's way
 *    (bench/scale/audience-before-079.ts) and the participant-by-participant reference, all three checked equal.
 * 4. A release manifest of 1,000,000 samples filtered and signed by the bridge over HTTP < 2 s.
 * 5. The transparency snapshot with 100,000,000 decisions in the bridge's log < 60 s: once before the monthly
 *    roll-ups (ADR 072), the roll-up of every closed month timed, then three refreshes with them.
 *
 * Sizes: BENCH_SCALE_PARTICIPANTS (1,000,000), BENCH_SCALE_BASE_PARTICIPANTS (100,000), BENCH_SCALE_DECISIONS
 * (100,000,000), BENCH_SCALE_ROUND_SECONDS (8): smaller for a quick run; the recorded figures are at full size.
 * BENCH_SCALE_PARTS (all: 1,2,3,4,5) runs only the parts named: without 1 the 100,000 cohort is not seeded, without
 * 4 and 5 the decision log is not. Parts 2 and 3 time the counts by consent shape (ADR 074) and, beside them, the
 * same counts participant by participant (BENCH_SCALE_REFERENCE_RUNS times, 3 by default), and check they agree.
 * BENCH_SCALE_DATABASE names the databases (tsunagi_bench_scale and …_base by default).
 */
import { keepFresh } from "../bridge/run-bridge-benchmarks";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cpus } from "node:os";
import pg from "pg";
import { setSessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase, type Transaction } from "../../app/db.server";
import { countConsentMatchesByParticipant, countConsentMatchesFor } from "../../app/domain/access/matching/count-consent-matches.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { rollUpDecisionLogMonths } from "../../app/domain/decision-log/retire-decision-log-months.server";
import { decideCampaignAudience, mailLogUndeliverable, type CampaignAudienceCounts } from "../../app/domain/recontact/campaign-audience.server";
import { previewCampaignAudience } from "../../app/domain/recontact/preview-campaign-audience.server";
import { compactCohortCounts } from "../../app/domain/consent/ledger/compact-cohort-counts.server";
import { countCampaignAudienceBefore079 } from "./audience-before-079";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { BENCH_POSTGRES_PORT, withBenchDatabase, type BenchDatabase } from "../bench-database";
import { bridgeNodeFlags } from "../../services/pipeline-bridge/src/node-flags";
import { startChild, type BenchChild } from "../bridge/child-process";
import { line, ms, perSecond, percentile } from "../bridge/figures";
import { machineCpu, processCpuMs } from "../bridge/read-cpu-time";
import { benchmarkReleaseOverHttp } from "../bridge/release-over-http";
import { seedBridgeProjection } from "../bridge/seed-bridge-projection";
import { buildApp, freePort, load, type Round } from "../web/run-web-benchmarks";
import { seedWebCohort } from "../web/seed-web-cohort";
import { seedCohortConsent, seedDecisionLog, seedLaterCampaigns, vacuumDecisionLog } from "./seed-national-cohort";
import { sized, sizedFromEnv } from "../smoke";

// Each: the variable when set, else the full size, or smoke mode's (bench/smoke.ts).
const PARTICIPANTS = sizedFromEnv("BENCH_SCALE_PARTICIPANTS", 1_000_000, 2_000);
const BASE_PARTICIPANTS = sizedFromEnv("BENCH_SCALE_BASE_PARTICIPANTS", 100_000, 1_000);
const DECISIONS = sizedFromEnv("BENCH_SCALE_DECISIONS", 100_000_000, 20_000);
const ROUND_SECONDS = sizedFromEnv("BENCH_SCALE_ROUND_SECONDS", 8, 0.3);
const PARTS = new Set((process.env.BENCH_SCALE_PARTS ?? "1,2,3,4,5").split(",").map((part) => Number(part.trim())));
const REFERENCE_RUNS = sizedFromEnv("BENCH_SCALE_REFERENCE_RUNS", 3, 1);
// Another name when two runs share a PostgreSQL server (each drops and recreates its databases).
const DATABASE = process.env.BENCH_SCALE_DATABASE ?? "tsunagi_bench_scale";
const ROUNDS = sized(4, 1);
const WARM_UP_SECONDS = sized(3, 0.1);
// Smoke mode: a few connections (bench/transparency says why).
const CONNECTIONS = sized(20, 4);
const SIGNED_IN = sized(200, 20);
const MONTHS = 24;
const RUNS = sized(5, 1);
const REFRESHES = sized(3, 1);
const goals = { cpuRatio: 1.2, accessMs: 1_000, audienceMs: 2_000, releaseMs: 2_000, snapshotMs: 60_000 };
const gateScopes = ["gate:release", "gate:datasets"] as const;

const count = (value: number) => value.toLocaleString("en-US");
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

interface Cohort {
  bench: BenchDatabase;
  name: string;
  participants: number;
  cookies: string[];
  facilityId: string;
  staffId: string;
}

/** One database's participants: accounts, identities, samples and sessions, a ledger and consent for each. */
async function seedCohort(bench: BenchDatabase, name: string, participants: number, print: (text: string) => void): Promise<Cohort> {
  const started = performance.now();
  const web = await seedWebCohort(bench.databaseUrl, participants, SIGNED_IN);
  const db = getDatabase();
  const facility = await db.facility.findUniqueOrThrow({ where: { code: "BENCHWEB" } });
  const staff = await db.user.create({ data: { email: "elsi@bench.tsunagi.test", role: "elsi_staff", displayName: "bench" } });
  const earlier = await db.recontactCampaign.create({
    data: { kind: "survey", state: "sent", title: "Earlier", messageJa: "お知らせ", messageJaEasy: "おしらせ", messageEn: "News", facilityIds: [facility.id], createdById: staff.id },
  });
  const consent = await seedCohortConsent(bench.databaseUrl, { months: MONTHS, earlierCampaignId: earlier.id });
  const cookies = await Promise.all(web.sessionTokens.map(async (token) => (await setSessionCookie(token, new Date(Date.now() + 86_400_000))).split(";")[0]!));
  print(
    `   (${name}: ${count(participants)} participants with accounts, identities, 2 samples and a session each; ${count(consent.granted)} ledger grants and ${count(consent.withdrawn)} withdrawals over ${MONTHS} months in bulk, ${SIGNED_IN} participants' ${web.events} events through the ledger's append; seeded in ${seconds(performance.now() - started)})`,
  );
  return { bench, name, participants, cookies, facilityId: facility.id, staffId: staff.id };
}

/** The backends serving database `name` (pg_stat_activity), so their CPU can be read from /proc. */
async function backendsOf(admin: pg.Client, name: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
  return rows.map((row) => row.pid);
}

interface CpuReading {
  app: number;
  backends: Map<number, number>;
  machineBusy: number;
  loadGenerator: number;
}

async function readCpu(admin: pg.Client, child: BenchChild<unknown>, database: string): Promise<CpuReading> {
  const backends = new Map<number, number>();
  for (const pid of await backendsOf(admin, database)) backends.set(pid, processCpuMs(pid));
  const usage = process.cpuUsage();
  return { app: processCpuMs(child.process.pid), backends, machineBusy: machineCpu().busyMs, loadGenerator: (usage.user + usage.system) / 1000 };
}

/** CPU spent between two readings: the app's, its database backends' (a backend born meanwhile counts whole), the machine's less the load generator's. */
function spent(before: CpuReading, after: CpuReading) {
  let backends = 0;
  for (const [pid, ms] of after.backends) if (Number.isFinite(ms)) backends += ms - (before.backends.get(pid) ?? 0);
  return { server: after.app - before.app + backends, app: after.app - before.app, backends, machine: after.machineBusy - before.machineBusy - (after.loadGenerator - before.loadGenerator) };
}

async function consentCpu(admin: pg.Client, cohorts: [Cohort, Cohort], print: (text: string) => void): Promise<void> {
  const children: BenchChild<{ url: string }>[] = [];
  try {
    for (const cohort of cohorts) {
      const port = await freePort();
      children.push(
        await startChild<{ url: string }>("../web/app-process.ts", {
          BENCH_WEB_DATABASE_URL: cohort.bench.databaseUrl,
          BENCH_WEB_DATA_DIR: cohort.bench.dataDir,
          BENCH_WEB_PORT: String(port),
          BENCH_WEB_PROCESSES: "1",
        }),
      );
    }
    for (const [index, child] of children.entries()) {
      const answer = await fetch(`${child.ready.url}/consent`, { headers: { cookie: cohorts[index]!.cookies[0]! }, redirect: "manual" });
      const html = await answer.text();
      if (answer.status !== 200 || !html.includes("share.industry")) throw new Error(`/consent at ${cohorts[index]!.name} answered ${answer.status} without the participant's choices`);
      await load(child.ready.url, "/consent", cohorts[index]!.cookies, WARM_UP_SECONDS, CONNECTIONS);
    }
    const figures = cohorts.map(() => ({ rounds: [] as Round[], server: 0, app: 0, backends: 0, machine: 0, requests: 0 }));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const index of order) {
        const child = children[index]!;
        const cohort = cohorts[index]!;
        const before = await readCpu(admin, child, cohort.bench.databaseUrl.split("/").pop()!.split("?")[0]!);
        const result = await load(child.ready.url, "/consent", cohort.cookies, ROUND_SECONDS, CONNECTIONS);
        const after = await readCpu(admin, child, cohort.bench.databaseUrl.split("/").pop()!.split("?")[0]!);
        const used = spent(before, after);
        const figure = figures[index]!;
        figure.rounds.push(result);
        figure.server += used.server;
        figure.app += used.app;
        figure.backends += used.backends;
        figure.machine += used.machine;
        figure.requests += result.requests;
      }
    }
    print(`   /consent, each request as the next of ${SIGNED_IN} signed-in participants; autocannon ${CONNECTIONS} connections; ${ROUNDS} rounds of ${ROUND_SECONDS} s per size, alternating (order reversed every other round), after ${WARM_UP_SECONDS} s warm-up each`);
    const perRequest = figures.map((figure) => ({
      server: figure.server / figure.requests,
      app: figure.app / figure.requests,
      backends: figure.backends / figure.requests,
      machine: figure.machine / figure.requests,
    }));
    for (const [index, figure] of figures.entries()) {
      const requests = figure.rounds.reduce((sum, round) => sum + round.requests, 0);
      const time = figure.rounds.reduce((sum, round) => sum + round.seconds, 0);
      const latencies = Float64Array.from(figure.rounds.flatMap((round) => round.latencies)).sort();
      const failures = figure.rounds.reduce((sum, round) => sum + round.failures, 0);
      const cpu = perRequest[index]!;
      print(
        line(
          `     at ${count(cohorts[index]!.participants)} participants`,
          `${perSecond(requests / time)}  p50 ${ms(percentile(latencies, 0.5), 1)}  p97.5 ${ms(percentile(latencies, 0.975), 1)}  server CPU ${ms(cpu.server, 2)}/req (app ${ms(cpu.app, 2)}, database ${ms(cpu.backends, 2)}); machine less load generator ${ms(cpu.machine, 2)}/req; failed ${failures}`,
        ),
      );
    }
    const ratio = perRequest[1]!.server / perRequest[0]!.server;
    const machineRatio = perRequest[1]!.machine / perRequest[0]!.machine;
    print(line(`     ratio ${count(cohorts[1].participants)} / ${count(cohorts[0].participants)}, server CPU per request`, ratio.toFixed(2), { text: `≤ ${goals.cpuRatio}×`, met: ratio <= goals.cpuRatio }));
    print(line(`     ratio, machine less load generator (shared machine)`, machineRatio.toFixed(2)));
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

/** Median, fastest and slowest of `runs` timed calls, after one untimed call whose result is returned. */
async function timedRuns<T>(runs: number, call: () => Promise<T>): Promise<{ result: T; times: number[] }> {
  const result = await call();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push((await timed(call))[1]);
  return { result, times };
}

const spread = (times: number[]) => `${ms(median(times), 0)}  (fastest ${ms(Math.min(...times), 0)}, slowest ${ms(Math.max(...times), 0)})`;

function expectSame(what: string, kept: unknown, reference: unknown): void {
  if (JSON.stringify(kept) !== JSON.stringify(reference)) throw new Error(`${what} by consent shape differ from the participant-by-participant ones:\n${JSON.stringify(kept)}\n${JSON.stringify(reference)}`);
}

async function accessCounts(print: (text: string) => void): Promise<void> {
  const application = { purpose: { codes: ["HMB"], commercial: true }, recipientType: "industry", recipientCountry: "US" };
  const byShape = await timedRuns(RUNS, () => countConsentMatchesFor(application));
  const byParticipant = await timedRuns(REFERENCE_RUNS, () => countConsentMatchesByParticipant(application));
  expectSame("the consent counts", byShape.result, byParticipant.result);
  const { approve, deny, abstain } = byShape.result.totals;
  print(`   a data-access application (HMB, a company abroad): approve ${count(approve.participants)}, deny ${count(deny.participants)}, abstain ${count(abstain.participants)} participants (the same both ways)`);
  print(line(`     consent counts by consent shape, median of ${RUNS}`, spread(byShape.times), { text: `< ${goals.accessMs} ms`, met: median(byShape.times) < goals.accessMs }));
  print(line(`     participant by participant (before), median of ${REFERENCE_RUNS}`, spread(byParticipant.times)));
  print(line(`     ratio, before / by shape`, `${(median(byParticipant.times) / median(byShape.times)).toFixed(0)}×`));
}

/** Runs `calls` in turn `runs` times, the order reversed every other round, after one untimed call of each. */
async function alternatedRuns<T>(runs: number, calls: (() => Promise<T>)[]): Promise<{ results: T[]; times: number[][] }> {
  const results: T[] = [];
  for (const call of calls) results.push(await call());
  const times = calls.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? calls.map((_, index) => index) : calls.map((_, index) => calls.length - 1 - index);
    for (const index of order) times[index]!.push((await timed(calls[index]!))[1]);
  }
  return { results, times };
}

async function campaignAudience(cohort: Cohort, print: (text: string) => void): Promise<void> {
  const db = getDatabase();
  const draft = await db.recontactCampaign.create({
    data: { kind: "new_study", title: "Bench", messageJa: "お知らせ", messageJaEasy: "おしらせ", messageEn: "News", facilityIds: [cohort.facilityId], createdById: cohort.staffId },
  });
  const now = new Date();
  const filters = { kind: "new_study" as const, facilityIds: [cohort.facilityId], programmeArea: null, enrolmentAgeMin: null, enrolmentAgeMax: null };
  const inSnapshot = <T>(read: (tx: Transaction) => Promise<T>) =>
    db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SET TRANSACTION READ ONLY`;
        return read(tx);
      },
      { isolationLevel: "RepeatableRead", timeout: 600_000, maxWait: 10_000 },
    );
  // The preview as it is (ADR 079: by consent shape and delivery history) and as ADR 074 left it (by consent shape,
  // each participant with an earlier delivery an exception), on the same rows, the same way: fold, then one snapshot.
  const preview = () => previewCampaignAudience({ campaignId: draft.id, asNeededCap: 4, now });
  const before079 = async () => {
    await compactCohortCounts(db);
    return inSnapshot((tx) => countCampaignAudienceBefore079(tx, filters, { now, asNeededCap: 4, undeliverable: mailLogUndeliverable }));
  };
  const reference = () => inSnapshot(async (tx) => (await decideCampaignAudience(tx, filters, "matching", { now, asNeededCap: 4, undeliverable: mailLogUndeliverable, withRecipients: false })).counts);
  const measure = async (when: string) => {
    const { results, times } = await alternatedRuns(RUNS, [preview, before079]);
    const [counts, byExceptions] = results as [CampaignAudienceCounts, CampaignAudienceCounts];
    const [historyTimes, exceptionTimes] = times as [number[], number[]];
    const byParticipant = await timedRuns(REFERENCE_RUNS, reference);
    expectSame(`the audience's counts ${when}`, counts, byParticipant.result);
    expectSame(`the audience's counts ${when} (ADR 074's way)`, byExceptions, byParticipant.result);
    print(`   ${when}: ${count(counts.included)} included; excluded ${Object.entries(counts.excluded).map(([reason, n]) => `${reason} ${count(n)}`).join(", ")} (the same all three ways)`);
    print(line(`     preview, shape and history (079), median of ${RUNS}`, spread(historyTimes), { text: `< ${goals.audienceMs} ms`, met: median(historyTimes) < goals.audienceMs }));
    print(line(`     074's preview, median of ${RUNS}`, spread(exceptionTimes)));
    print(line(`     per participant (reference), median of ${REFERENCE_RUNS}`, spread(byParticipant.times)));
    print(line(`     ratio, 074 / 079`, `${(median(exceptionTimes) / median(historyTimes)).toFixed(0)}×`));
    print(line(`     ratio, reference / 079`, `${(median(byParticipant.times) / median(historyTimes)).toFixed(0)}×`));
  };
  const histories = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(DISTINCT "deliveredAt")::int AS n FROM "CohortCount"`)[0]!.n;
  const contacted = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(DISTINCT "participantId")::int AS n FROM "RecontactDelivery"`)[0]!.n;
  await measure(`as seeded (${count(await contacted())} contacted before, ${await histories()} delivery histories)`);
  const later: string[] = [];
  for (let index = 0; index < 3; index++) {
    later.push((await db.recontactCampaign.create({ data: { kind: "survey", state: "sent", title: `Later ${index + 1}`, messageJa: "お知らせ", messageJaEasy: "おしらせ", messageEn: "News", facilityIds: [cohort.facilityId], createdById: cohort.staffId } })).id);
  }
  const [written, laterMs] = await timed(() => seedLaterCampaigns(cohort.bench.databaseUrl, later as [string, string, string]));
  print(`   (three national campaigns later: ${count(written)} deliveries in three bulk inserts through the triggers that keep the histories, ${seconds(laterMs)})`);
  await measure(`after them (${count(await contacted())} contacted before, ${await histories()} delivery histories)`);
}

async function snapshot(print: (text: string) => void): Promise<void> {
  const [, unrolled] = await timed(() => refreshTransparencySnapshot({ reason: "schedule" }));
  print(line(`     snapshot refresh, raw rows only (before the roll-ups)`, seconds(unrolled), { text: `< ${goals.snapshotMs / 1000} s`, met: unrolled < goals.snapshotMs }));
  const [rolled, rollUpMs] = await timed(() => rollUpDecisionLogMonths(getDatabase()));
  const rows = rolled.reduce((sum, month) => sum + month.rows, 0);
  print(`     roll-up of ${rolled.length} closed months (${count(rows)} decisions): ${seconds(rollUpMs)}, ${seconds(rollUpMs / Math.max(rolled.length, 1))} a month (the daily job does one as a month closes)`);
  const times: number[] = [];
  for (let run = 0; run < REFRESHES; run++) times.push((await timed(() => refreshTransparencySnapshot({ reason: "schedule" })))[1]);
  print(line(`     snapshot refresh with the roll-ups, median of ${REFRESHES}`, `${seconds(median(times))}  (fastest ${seconds(Math.min(...times))}, slowest ${seconds(Math.max(...times))})`, { text: `< ${goals.snapshotMs / 1000} s`, met: median(times) < goals.snapshotMs }));
}

async function release(cohort: Cohort, print: (text: string) => void): Promise<void> {
  const started = performance.now();
  await seedBridgeProjection(cohort.bench.databaseUrl, cohort.participants);
  const gateToken = (await issueApiToken({ name: "bench pipeline", scopes: [...gateScopes], createdById: null })).token;
  const ingestToken = (await issueApiToken({ name: "bench relay", scopes: ["bridge:ingest"], createdById: null })).token;
  const bridge = await startChild<{ url: string; subjects: number }>("bridge-process.ts", { BENCH_BRIDGE_DATABASE_URL: cohort.bench.databaseUrl, BENCH_BRIDGE_DATA_DIR: cohort.bench.dataDir }, 600_000, bridgeNodeFlags);
  try {
    print(`   (the bridge's projection: ${count(bridge.ready.subjects)} subjects with a sample each, written in bulk and loaded by the bridge at its start: ${seconds(performance.now() - started)})`);
    const stop = await keepFresh(bridge.ready.url, ingestToken);
    try {
      await benchmarkReleaseOverHttp({ bridgeUrl: bridge.ready.url, gateToken, ingestToken, samples: cohort.participants, print: (text) => print(`   ${text.replace(/\n$/, "")}`), goalMs: goals.releaseMs, databaseUrl: cohort.bench.databaseUrl });
    } finally {
      stop();
    }
  } finally {
    await bridge.stop();
  }
}

export async function runScaleBenchmarks(adminUrl: string, print: (text: string) => void = (text) => console.log(text)): Promise<void> {
  print("A national cohort (issue 30 item 6)");
  print("-----------------------------------");
  if (PARTS.has(1)) await buildApp();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const national = async (base: Cohort | null) =>
      // The national database's own: DATABASE_URL and the data folder follow it from here on (bench-database.ts).
      withBenchDatabase(adminUrl, DATABASE, async (nationalBench) => {
        const national = await seedCohort(nationalBench, DATABASE, PARTICIPANTS, print);
        if (PARTS.has(4) || PARTS.has(5)) {
          const [months, decisionsMs] = await timed(() => seedDecisionLog(nationalBench.databaseUrl, { count: DECISIONS, months: MONTHS, subjects: PARTICIPANTS }));
          const [, vacuumMs] = await timed(() => vacuumDecisionLog(nationalBench.databaseUrl));
          print(
            `   (the bridge's decision log: ${count(DECISIONS)} decisions over ${months} UTC month partitions, one INSERT … generate_series per month into its partition, attached after (indexes built once): ${seconds(decisionsMs)}; VACUUM ANALYZE of the log, as autovacuum would have left it: ${seconds(vacuumMs)})`,
          );
        }
        print("");
        if (base) {
          print("1. /consent server CPU per request, side by side");
          await consentCpu(admin, [base, national], print);
        }
        if (PARTS.has(2)) {
          print(`2. Data access over ${count(PARTICIPANTS)} participants`);
          await accessCounts(print);
        }
        if (PARTS.has(3)) {
          print(`3. Recontact over ${count(PARTICIPANTS)} participants`);
          await campaignAudience(national, print);
        }
        if (PARTS.has(4)) {
          print(`4. The transparency snapshot, ${count(PARTICIPANTS)} participants and ${count(DECISIONS)} decisions`);
          await snapshot(print);
        }
        if (PARTS.has(5)) {
          print(`5. A release of ${count(PARTICIPANTS)} samples`);
          await release(national, print);
        }
        print("");
      });
    if (PARTS.has(1)) {
      await withBenchDatabase(adminUrl, `${DATABASE}_base`, async (baseBench) => {
        await national(await seedCohort(baseBench, `${DATABASE}_base`, BASE_PARTICIPANTS, print));
      });
    } else {
      await national(null);
    }
  } finally {
    await admin.end();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const postgres = await ensurePostgres({ dataDir: path.resolve(".data/bench"), port: BENCH_POSTGRES_PORT });
  console.log(`Tsunagi national-cohort benchmarks — ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}\n`);
  try {
    await runScaleBenchmarks(postgres.adminUrl);
  } finally {
    await postgres.stop();
  }
}
