/**
 * The web app's request path against a plain Remix page (issue 30; part of `npm run bench`; alone: `npm run bench --
 * web`, or this file with tsx). A fresh database `tsunagi_bench_web`, migrated, with 100,000 participants (accounts,
 * identities, samples, sessions), of whom the first 200 have real ledger events and a session the load presents, 200
 * family members following them, a staff member of their facility, 1,000 published updates and a transparency
 * snapshot; dropped afterwards. Two servers run as child processes side by side: the app from its production build
 * (built first unless BENCH_SKIP_BUILD=1), one process, and the anchor — Remix's own Express template with one page of
 * the sign-in page's size (bench/web/baseline/, built here into its own gitignored build/). autocannon, here, asks
 * each page for a round in turn, in alternating rounds so the machine's noise falls on all alike, and the bench prints
 * per page req/s, p50/p97.5 and the server's CPU per request — the app's process and PostgreSQL's backends serving
 * the bench database (the anchor: its process) — with each page's ratio to the anchor beside its goal (issue 30 item 3).
 * Then the same pages from the whole system as `npm start` runs it (bench/web/whole-system.ts: its app cluster and every
 * service, all their CPU and every backend of the database; issue 60 item 1; BENCH_WEB_WHOLE=0 leaves it out). The demo
 * is seeded into the database first, and the signed-in pages are also asked as its participants; the cohort's signed-in
 * members have a grant and five changes, a survey waiting, a proxy beside every tenth and a family member each.
 * BENCH_WEB_PAGES=<label,label> measures only those pages (the anchor always); BENCH_WEB_PROFILE=1 then profiles
 * each page under load and prints its top 10 self-time entries (BENCH_WEB_PROFILE_DIR=<folder> keeps each whole
 * profile there); BENCH_WEB_CLUSTER=N also measures `npm start`'s cluster of N; BENCH_WEB_DATABASE names the bench's
 * database (dropped and made anew) in place of tsunagi_bench_web, so two benches can share one PostgreSQL.
 * BENCH_WEB_COMPARE=<checkout> serves each page also from that checkout (its own server/ and build/, built there
 * beforehand) in the same alternating rounds, labelled [other]: a change measured side by side. BENCH_WEB_PART=one
 * measures only the one app process (with the page weights and the cached pages), BENCH_WEB_PART=whole only the whole
 * system: the suite's smoke test runs each in a file of its own (issue 62), both seed as a full run does.
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { setSessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { languageCookie } from "../../app/i18n/language.server";
import { ensureAppBuild } from "../../scripts/lib/app-build";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { BENCH_POSTGRES_PORT, withBenchDatabase } from "../bench-database";
import { startChild, type BenchChild } from "../bridge/child-process";
import { ms, percentile } from "../bridge/figures";
import { machineCpu, processCpuMs, processTreeCpuMs } from "../bridge/read-cpu-time";
import { selfTimeRows, type SelfTimeEntry } from "./profile-summary";
import { measureCachedPages } from "./measure-cached-pages";
import { buildBaselineNow, ensureBaselineBuild } from "./baseline-build";
import { printPageWeights } from "./page-weight";
import { seedUpdatesCohort } from "./seed-updates-cohort";
import { seedWebCohort } from "./seed-web-cohort";
import { startWholeSystem } from "./whole-system";
import { seed } from "../../scripts/seed";
import type { DemoFile } from "../../app/wiring/demo/demo-file";
import { autocannonSampleMs, sized, sizedFromEnv, smoke } from "../smoke";

/** Which of the two measurements runs (both unless named): the one app process, or the whole system. */
export const webPart: "one" | "whole" | undefined = process.env.BENCH_WEB_PART === "one" || process.env.BENCH_WEB_PART === "whole" ? process.env.BENCH_WEB_PART : undefined;
// Another name keeps two benches on one PostgreSQL (two worktrees of a shared machine) out of each other's way.
const BENCH_DATABASE = process.env.BENCH_WEB_DATABASE ?? "tsunagi_bench_web";
// BENCH_WEB_PARTICIPANTS seeds fewer (a quick look at the request path on a busy machine, where 100,000 take minutes).
const PARTICIPANTS = sizedFromEnv("BENCH_WEB_PARTICIPANTS", 100_000, 500);
const SIGNED_IN = sized(200, 20);
// Smoke mode: a few connections (bench/transparency says why).
const CONNECTIONS = sized(20, 4);
const WARM_UP_SECONDS = sized(1, 0.1);
// BENCH_WEB_ROUND_SECONDS: longer rounds where a busy machine answers few requests in 4 s.
const ROUND_SECONDS = sizedFromEnv("BENCH_WEB_ROUND_SECONDS", 4, 0.3);
const ROUNDS = sized(3, 1);
const PROFILE_SECONDS = sized(4, 1);
const root = path.resolve(import.meta.dirname, "../..");

const UPDATES = sized(1_000, 100);

/**
 * Who asks. `rendered` is a signed-out reader with one more cookie than the language's: the public-page cache
 * (ADR 071) serves only readers with no other cookie, so this measures the page as Remix renders it, uncached.
 */
type Who = "participant" | "demo" | "family" | "familyEasy" | "staff" | "rendered";
/** Issue 30 item 3: each page's CPU per request as a multiple of the anchor's, measured in the same run. */
type Goal = { most: number; kind: string };
interface Page {
  label: string;
  path: string;
  as: Who | null;
  goal?: Goal;
  /** The anchor (Remix's own template), not the app. */
  anchor?: true;
  /** Served by the checkout BENCH_WEB_COMPARE names (side by side with this one's). */
  other?: true;
}

const sessionless: Goal = { most: 2, kind: "sessionless" };
const signedIn: Goal = { most: 3, kind: "signed in" };
export const pages: Page[] = [
  { label: "template (Remix's Express template)", path: "/", as: null, anchor: true },
  { label: "/healthz", path: "/healthz", as: null, goal: { most: 1, kind: "no React" } },
  { label: "/sign-in", path: "/sign-in", as: null, goal: sessionless },
  { label: "/ (landing, signed out, rendered)", path: "/", as: "rendered", goal: sessionless },
  { label: "/updates (signed out, rendered)", path: "/updates", as: "rendered", goal: sessionless },
  { label: "/transparency (rendered)", path: "/transparency", as: "rendered", goal: { most: 5, kind: "uncached" } },
  { label: "/home (participant)", path: "/home", as: "participant", goal: signedIn },
  { label: "/consent (participant)", path: "/consent", as: "participant", goal: signedIn },
  { label: "/consent/history (participant)", path: "/consent/history", as: "participant", goal: signedIn },
  { label: "/family (follower)", path: "/family", as: "family", goal: signedIn },
  // ADR 038: the updates page of a family member following a participant, with 1,000 updates published.
  { label: "/updates (family member)", path: "/updates", as: "family", goal: signedIn },
  // ADR 037: the same page in やさしい日本語, with readings over every kanji (the analyser's cache warm). No goal of its own.
  { label: "/updates (family, やさしい日本語)", path: "/updates", as: "familyEasy" },
  { label: "/staff/participants (staff)", path: "/staff/participants", as: "staff", goal: signedIn },
  // Issue 60 item 1: the demo's own participants (seeded as npm start seeds them: history, receipts, findings and
  // results, questions, a survey, followers, a re-consent asked), each request as the next of them.
  { label: "/home (demo participants)", path: "/home", as: "demo", goal: signedIn },
  { label: "/consent (demo participants)", path: "/consent", as: "demo", goal: signedIn },
  { label: "/consent/history (demo participants)", path: "/consent/history", as: "demo", goal: signedIn },
  { label: "/results (demo participants)", path: "/results", as: "demo", goal: signedIn },
];

type Cookies = Record<Who, string[]>;
const cookiesFor = (page: Page, cookies: Cookies) => (page.as ? cookies[page.as] : null);

export interface Round {
  requests: number;
  seconds: number;
  failures: number;
  latencies: number[];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One round of autocannon against one page: `connections` at once (20 by default, the participant pages' load). */
export function load(url: string, pathname: string, cookies: string[] | null, seconds: number, connections = CONNECTIONS): Promise<Round> {
  let next = 0;
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const started = performance.now();
    const instance = autocannon(
      {
        url,
        connections,
        pipelining: 1,
        duration: seconds,
        sampleInt: autocannonSampleMs,
        requests: [
          {
            method: "GET",
            path: pathname,
            // Each request as the next participant, so the server cannot answer from one warm row.
            setupRequest: (request) => (cookies ? { ...request, headers: { ...request.headers, cookie: cookies[next++ % cookies.length]! } } : request),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ requests: result.requests.total, seconds: (performance.now() - started) / 1000, failures: result.non2xx + result.errors + result.timeouts, latencies });
      },
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
}

export function summary(rounds: Round[]) {
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const sorted = Float64Array.from(rounds.flatMap((round) => round.latencies)).sort();
  return {
    perSecond: requests / seconds,
    perRound: rounds.map((round) => round.requests / round.seconds),
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p975: percentile(sorted, 0.975),
    p99: percentile(sorted, 0.99),
    failures: rounds.reduce((sum, round) => sum + round.failures, 0),
  };
}

/** Each page must answer as its reader would see it (200, the page's own content), or the figures would be of redirects. */
async function probe(appUrl: string, anchorUrl: string, cookies: Cookies, selected: Page[]): Promise<void> {
  const expectations: Record<string, (html: string) => boolean> = {
    "/updates (family member)": (html) => (html.match(/data-testid="update-item"/g)?.length ?? 0) === 20,
    "/updates (family, やさしい日本語)": (html) => html.includes('data-language="ja-easy"') && html.includes("<ruby>"),
    "/consent (participant)": (html) => html.includes("share.industry"),
    "/consent/history (participant)": (html) => (html.match(/data-testid="history-entry"/g)?.length ?? 0) >= 2,
    "/staff/participants (staff)": (html) => html.includes("TGP-B"),
    "template (Remix's Express template)": (html) => (html.match(/<li>/g)?.length ?? 0) === 20,
  };
  for (const page of selected) {
    const cookie = cookiesFor(page, cookies)?.[0];
    const response = await fetch(`${page.anchor ? anchorUrl : appUrl}${page.path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
    const html = await response.text();
    if (response.status !== 200 || !(expectations[page.label]?.(html) ?? true)) throw new Error(`${page.label} answered ${response.status} ${response.headers.get("location") ?? ""}, not the page its reader sees`);
    // A rendered page must not come from the public-page cache (which sends an ETag), or it would not be measured.
    if (page.as === "rendered" && response.headers.has("etag")) throw new Error(`${page.label} came from the public-page cache, not rendered`);
  }
}

/** CPU (ms) of the servers under measurement: the app's process tree, PostgreSQL's backends serving the bench database. */
interface CpuReading {
  server: number;
  /** Of `server`, PostgreSQL's backends. */
  database: number;
  machineBusy: number;
  bench: number;
}

/** The backends serving the bench's database (its name with BENCH_DATABASE_PREFIX, bench-database.ts). */
async function backendPids(admin: pg.Client, databaseName: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [databaseName]);
  return rows.map((row) => row.pid);
}

/**
 * Each backend's CPU as last read: a backend that has exited since (the app's pool closes connections idle for 10 s,
 * between one page's rounds and the next) keeps its last reading, so the sum never falls and no page is charged
 * minus another's work.
 */
async function readCpu(admin: pg.Client, databaseName: string, serverPid: number, withDatabase: boolean, backends: Map<number, number>): Promise<CpuReading> {
  if (withDatabase) for (const pid of await backendPids(admin, databaseName)) if (!backends.has(pid)) backends.set(pid, 0);
  let database = 0;
  if (withDatabase) {
    for (const [pid, last] of backends) {
      const now = processCpuMs(pid);
      const reading = Number.isFinite(now) && now >= last ? now : last;
      backends.set(pid, reading);
      database += reading;
    }
  }
  const usage = process.cpuUsage();
  return { server: processTreeCpuMs(serverPid) + database, database, machineBusy: machineCpu().busyMs, bench: (usage.user + usage.system) / 1000 };
}

function profileOf(child: BenchChild<unknown>, url: string, page: Page, cookies: Cookies): Promise<SelfTimeEntry[]> {
  return new Promise((resolve, reject) => {
    // A child's listeners stay for its life: this one answers only for this page's profile.
    let state: "starting" | "loading" | "done" = "starting";
    child.onMessage((message) => {
      if (message.type === "profile-started" && state === "starting") {
        state = "loading";
        load(url, page.path, cookiesFor(page, cookies), PROFILE_SECONDS).then(() => child.send({ type: "profile-stop" }), reject);
      } else if (message.type === "profile" && state === "loading") {
        state = "done";
        resolve(message.top as SelfTimeEntry[]);
      }
    });
    child.send({ type: "profile-start", label: page.label });
  });
}

interface Measured {
  rounds: Round[];
  serverMs: number;
  databaseMs: number;
  machineMs: number;
  requests: number;
}

/** A server under measurement: where it answers, and the process whose tree's CPU is its own. */
interface Served {
  url: string;
  pid: number;
}

/**
 * How the app runs in a measurement: one process (the request path alone), `npm start`'s cluster of app processes, or
 * the whole system as `npm start` runs it (every process it starts; issue 60 item 1). Goals are judged for the first
 * and the last.
 */
type AppShape = { kind: "one" } | { kind: "cluster"; processes: number } | { kind: "whole"; processes: number };

async function measure(options: {
  app: Served & { shape: AppShape };
  anchor: Served;
  admin: pg.Client;
  /** The bench database's name, whose backends' CPU is the app's. */
  databaseName: string;
  cookies: Cookies;
  selected: Page[];
  other?: Served;
  print: (text: string) => void;
}): Promise<void> {
  const { app, anchor, admin, databaseName, cookies, print } = options;
  await probe(app.url, anchor.url, cookies, options.selected);
  // BENCH_WEB_COMPARE: each page also served by the other checkout's build, in the same alternating rounds.
  const other = options.other;
  const selected: Page[] = other ? options.selected.flatMap((page): Page[] => (page.anchor ? [page] : [page, { ...page, label: `${page.label} [other]`, other: true, goal: undefined }])) : options.selected;
  const serverOf = (page: Page): Served => (page.anchor ? anchor : page.other ? other! : app);
  for (const page of selected) await load(serverOf(page).url, page.path, cookiesFor(page, cookies), WARM_UP_SECONDS);
  const measured = new Map<string, Measured>(selected.map((page) => [page.label, { rounds: [], serverMs: 0, databaseMs: 0, machineMs: 0, requests: 0 }]));
  const backends = new Map<number, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const page of selected) {
      const server = serverOf(page);
      const before = await readCpu(admin, databaseName, server.pid, !page.anchor, backends);
      const result = await load(server.url, page.path, cookiesFor(page, cookies), ROUND_SECONDS);
      const after = await readCpu(admin, databaseName, server.pid, !page.anchor, backends);
      const entry = measured.get(page.label)!;
      entry.rounds.push(result);
      entry.serverMs += after.server - before.server;
      entry.databaseMs += after.database - before.database;
      entry.machineMs += after.machineBusy - before.machineBusy - (after.bench - before.bench);
      entry.requests += result.requests;
    }
  }
  const anchorPage = selected.find((page) => page.anchor)!;
  const anchorEntry = measured.get(anchorPage.label)!;
  const anchorCpu = anchorEntry.serverMs / anchorEntry.requests;
  const anchorMachine = anchorEntry.machineMs / anchorEntry.requests;
  const { shape } = app;
  print(
    shape.kind === "one"
      ? "   one app process, beside the template's one process"
      : shape.kind === "cluster"
        ? `   the app as a cluster of ${shape.processes} processes (npm start, WEB_CONCURRENCY)`
        : `   the whole system as npm start runs it (${shape.processes} app process${shape.processes === 1 ? "" : "es"}, the bridge, the relay, the checkpointer and the job worker; CPU/req: all of them and every PostgreSQL backend of the database), beside the template's one process`,
  );
  print(`     ${"page".padEnd(38)} ${"req/s".padStart(7)} ${"p50".padStart(9)} ${"p97.5".padStart(9)} ${"CPU/req".padStart(10)} ${"×".padStart(6)} ${"machine−bench".padStart(14)} ${"×".padStart(6)}`);
  let failures = 0;
  for (const page of selected) {
    const entry = measured.get(page.label)!;
    const result = summary(entry.rounds);
    failures += result.failures;
    const cpu = entry.serverMs / entry.requests;
    const machine = entry.machineMs / entry.requests;
    const ratio = cpu / anchorCpu;
    const figures = `${page.label.padEnd(38)} ${Math.round(result.perSecond).toString().padStart(7)} ${ms(result.p50, 1).padStart(9)} ${ms(result.p975, 1).padStart(9)} ${ms(cpu, 2).padStart(10)} ${ratio.toFixed(2).padStart(6)} ${ms(machine, 2).padStart(14)} ${(machine / anchorMachine).toFixed(2).padStart(6)}`;
    print(shape.kind !== "cluster" && page.goal ? `     ${figures}  goal ≤ ${page.goal.most}× (${page.goal.kind}): ${ratio <= page.goal.most ? "met" : "NOT met"}` : `     ${figures}`);
  }
  const roundsLine = selected.map((page) => `${page.label.split(" (")[0]} ${summary(measured.get(page.label)!.rounds).perRound.map((rate) => Math.round(rate)).join("/")}`).join("; ");
  print(`     (req/s per round: ${roundsLine}; failed responses: ${failures})`);
  const databaseLine = selected
    .filter((page) => !page.anchor)
    .map((page) => {
      const entry = measured.get(page.label)!;
      return `${page.label.split(" (")[0]} ${ms(entry.databaseMs / entry.requests, 2)}`;
    })
    .join("; ");
  print(`     (of CPU/req, PostgreSQL's backends: ${databaseLine})`);
}

let built = false;
/**
 * The production build the app children serve, made once per `npm run bench` (skipped with BENCH_SKIP_BUILD=1). In
 * smoke mode, build/ is reused when it is a build of the sources as they are (scripts/lib/app-build.ts, as `npm start`
 * and the tests reuse it), and made that way otherwise.
 */
export async function buildApp(): Promise<void> {
  if (built || process.env.BENCH_SKIP_BUILD === "1") return;
  if (smoke) {
    await ensureAppBuild({ root, log: (text) => console.error(`   [smoke] ${text}`) });
    built = true;
    return;
  }
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build", "--logLevel", "error"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error("vite build failed");
  built = true;
}

let baselineBuilt = false;
/**
 * The anchor's own build (bench/web/baseline/build/, gitignored), with its own vite config: made once per run. In smoke
 * mode, one already there is reused (as tests/integration/page-weight.test.ts reuses it), and one is made under the
 * build lock otherwise.
 */
export async function buildBaseline(): Promise<void> {
  if (baselineBuilt) return;
  if (smoke) await ensureBaselineBuild((text) => console.error(`   [smoke] ${text}`));
  else buildBaselineNow();
  baselineBuilt = true;
}

export async function runWebBenchmarks(adminUrl: string, print: (text: string) => void = (text) => console.log(text)): Promise<void> {
  print("Web app: the request path against a plain Remix page (issue 30)");
  print("----------------------------------------------------------------");
  await buildApp();
  await buildBaseline();
  const only = process.env.BENCH_WEB_PAGES?.split(",").map((label) => label.trim());
  const selected = pages.filter((page) => page.anchor || !only || only.some((label) => page.label.startsWith(label)));
  await withBenchDatabase(adminUrl, BENCH_DATABASE, async ({ databaseUrl, dataDir, name: databaseName }) => {
    const children: BenchChild<unknown>[] = [];
    const stops: (() => Promise<void>)[] = [];
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const seedStarted = performance.now();
      const cohort = await seedWebCohort(databaseUrl, PARTICIPANTS, SIGNED_IN);
      const updatesCohort = await seedUpdatesCohort(databaseUrl, UPDATES, SIGNED_IN);
      const staffTokens = await seedStaff(databaseUrl);
      // The demo as npm start seeds it (scripts/seed.ts), so every run signs in as its participants too.
      const demo = await seed({ appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" });
      const demoTokens = await demoParticipantSessions(demo);
      await refreshTransparencySnapshot({ reason: "schedule" });
      const cookieOf = async (token: string) => (await setSessionCookie(token, new Date(Date.now() + 86_400_000))).split(";")[0]!;
      const family = await Promise.all(updatesCohort.sessionTokens.map(cookieOf));
      const easy = (await languageCookie.serialize("ja-easy")).split(";")[0]!;
      const cookies: Cookies = {
        participant: await Promise.all(cohort.sessionTokens.map(cookieOf)),
        demo: await Promise.all(demoTokens.map(cookieOf)),
        family,
        familyEasy: family.map((cookie) => `${cookie}; ${easy}`),
        staff: await Promise.all(staffTokens.map(cookieOf)),
        rendered: ["bench=rendered"],
      };
      print(
        `   (${cohort.participants.toLocaleString("en-US")} participants with accounts, identities, 2 samples and a session each; ${SIGNED_IN} of them signed in, with ${cohort.events} ledger events (a grant and five changes each), a survey waiting, a proxy beside every tenth, a family member following each; ${UPDATES.toLocaleString("en-US")} published updates; a coordinator of their facility; the demo as npm start seeds it, its ${demoTokens.length / 4} participants who sign in as themselves signed in 4 times each; a transparency snapshot: ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
      );
      print(`   autocannon ${CONNECTIONS} connections, signed-in pages as the next of ${SIGNED_IN} readers each request; ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s per page after ${WARM_UP_SECONDS} s warm-up each`);
      print("   CPU/req: the server's process (and its children) plus PostgreSQL's backends serving the bench database, per answered request;");
      print("   machine−bench: all the machine's busy CPU but this process's (the load generator), which other work on a shared machine inflates");
      const anchorChild = await startChild<{ url: string; pid: number }>("../web/baseline-process.ts", { BENCH_BASELINE_PORT: String(await freePort()) });
      children.push(anchorChild);
      const anchorServed: Served = { url: anchorChild.ready.url, pid: anchorChild.process.pid! };
      const clustered = Number(process.env.BENCH_WEB_CLUSTER ?? 1);
      for (const processes of webPart === "whole" ? [] : [...new Set([1, clustered])]) {
        const port = await freePort();
        // A busy machine (other benches, browser tests) can take more than a minute to start the app.
        const child = await startChild<{ url: string; processes: number }>(
          "../web/app-process.ts",
          { BENCH_WEB_DATABASE_URL: databaseUrl, BENCH_WEB_DATA_DIR: dataDir, BENCH_WEB_PORT: String(port), BENCH_WEB_PROCESSES: String(processes) },
          180_000,
        );
        children.push(child);
        // BENCH_WEB_COMPARE=<checkout>: that checkout's app (its own server/ and build/) beside this one, same database.
        const compareRoot = process.env.BENCH_WEB_COMPARE;
        const other =
          compareRoot && processes === 1
            ? await startChild<{ url: string; processes: number }>(
                path.resolve(compareRoot, "bench/web/app-process.ts"),
                { BENCH_WEB_DATABASE_URL: databaseUrl, BENCH_WEB_DATA_DIR: dataDir, BENCH_WEB_PORT: String(await freePort()), BENCH_WEB_PROCESSES: "1" },
                180_000,
              )
            : undefined;
        if (other) {
          children.push(other);
          print(`   [other]: the same page served by ${compareRoot}`);
        }
        const shape: AppShape = processes === 1 ? { kind: "one" } : { kind: "cluster", processes };
        await measure({ app: { url: child.ready.url, pid: child.process.pid!, shape }, anchor: anchorServed, admin, databaseName, cookies, selected, other: other && { url: other.ready.url, pid: other.process.pid! }, print });
        // Issue 60 item 2: what each page weighs on a phone, beside the template's.
        if (processes === 1) {
          const weighed = selected.filter((page) => !page.anchor && page.path !== "/healthz");
          await printPageWeights({ appUrl: child.ready.url, templateUrl: anchorChild.ready.url, pages: weighed.map((page) => ({ label: page.label, path: page.path, cookie: cookiesFor(page, cookies)?.[0] })), print });
        }
        await other?.stop();
        // Issue 30 item 4: the public pages from the shared cache, one app process beside the template's one, 50 connections.
        const cachedBackends = new Map<number, number>();
        const cpuMs = (server: "app" | "template") => readCpu(admin, databaseName, (server === "app" ? child : anchorChild).process.pid!, server === "app", cachedBackends).then((cpu) => cpu.server);
        if (processes === 1 && !only) await measureCachedPages({ appUrl: child.ready.url, templateUrl: anchorChild.ready.url, cpuMs, print, ...(smoke ? { rounds: 1, roundSeconds: 0.3, warmUpSeconds: 0.1 } : {}) });
        if (processes === 1 && process.env.BENCH_WEB_PROFILE === "1") {
          for (const page of selected.filter((candidate) => !candidate.anchor)) {
            print(`\n   profile of ${page.label} (${PROFILE_SECONDS} s under load, top 10 self time, % of busy samples)`);
            print("| # | function | file | self |");
            print("| --- | --- | --- | --- |");
            for (const row of selfTimeRows(await profileOf(child, child.ready.url, page, cookies))) print(row);
          }
        }
        await child.stop();
      }
      // Issue 60 item 1: the whole system as npm start runs it, on the same database (its start finds the demo seeded).
      if (process.env.BENCH_WEB_WHOLE !== "0" && webPart !== "one") {
        const whole = await startWholeSystem({ databaseUrl, dataDir, port: await freePort(), bridgePort: await freePort() });
        stops.push(() => whole.stop());
        await measure({ app: { url: whole.url, pid: whole.process.pid!, shape: { kind: "whole", processes: whole.processes } }, anchor: anchorServed, admin, databaseName, cookies, selected, print });
        await whole.stop();
      }
      print("");
    } finally {
      await admin.end();
      await Promise.all([...children.map((child) => child.stop()), ...stops.map((stop) => stop())]);
    }
  });
}

/**
 * Sessions for the demo's participants who sign in as themselves (consented, re-consent asked, findings declined or
 * undecided, withdrawn), four each: the load asks as the next of them.
 */
async function demoParticipantSessions(demo: DemoFile): Promise<string[]> {
  const db = getDatabase();
  const tokens: string[] = [];
  for (const participant of demo.participants.filter((candidate) => candidate.signIn.as === "participant")) {
    const user = await db.user.findUniqueOrThrow({ where: { email: participant.signIn.email } });
    for (let index = 0; index < 4; index++) tokens.push((await createSession(db, { userId: user.id, role: "participant", secondFactorVerified: true, ipAddress: "127.0.0.1", userAgent: "tsunagi bench" })).token);
  }
  return tokens;
}

/** A coordinator who is a member of the cohort's facility, signed in 20 times (their pages load as the next of these). */
async function seedStaff(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "User" (id, email, "displayName", role, "preferredLanguage", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), 'web-staff@bench.tsunagi.test', 'Coordinator', 'coordinator', 'ja', now(), now()) RETURNING id`,
    );
    await client.query(`INSERT INTO "FacilityMembership" ("userId", "facilityId", "createdAt") SELECT $1::uuid, id, now() FROM "Facility" WHERE code = 'BENCHWEB'`, [rows[0]!.id]);
    const tokens: string[] = [];
    for (let index = 0; index < 20; index++) tokens.push((await createSession(getDatabase(), { userId: rows[0]!.id, role: "coordinator", secondFactorVerified: true, ipAddress: "127.0.0.1", userAgent: "tsunagi bench" })).token);
    return tokens;
  } finally {
    await client.end();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const postgres = await ensurePostgres({ dataDir: path.resolve(".data/bench"), port: BENCH_POSTGRES_PORT });
  console.log(`Tsunagi web benchmarks — ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}\n`);
  try {
    await runWebBenchmarks(postgres.adminUrl);
  } finally {
    await postgres.stop();
  }
}
