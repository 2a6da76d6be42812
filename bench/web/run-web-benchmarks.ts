/**
 * The web app's request path (part of `npm run bench`; alone: `npm run bench -- web`, or this file with tsx). A fresh database
 * `tsunagi_bench_web`, migrated, with 100,000 participants (accounts, identities, samples, sessions), of whom the
 * first 200 have real ledger events and a session the load presents; dropped afterwards. The app runs as a child
 * process from the production build (built first unless BENCH_SKIP_BUILD=1), once as one process and once as the
 * cluster `npm start` runs; autocannon, here, asks for the participant pages `/consent` and `/consent/history`, each
 * request signed in as the next of the 200, beside `/healthz`, in alternating rounds.
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { availableParallelism, cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { setSessionCookie } from "../../app/auth/session-cookie.server";
import { languageCookie } from "../../app/i18n/language.server";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { withBenchDatabase } from "../bench-database";
import { startChild, type BenchChild } from "../bridge/child-process";
import { line, ms, perSecond, percentile } from "../bridge/figures";
import { seedUpdatesCohort } from "./seed-updates-cohort";
import { seedWebCohort } from "./seed-web-cohort";

const BENCH_DATABASE = "tsunagi_bench_web";
const PARTICIPANTS = 100_000;
const SIGNED_IN = 200;
const CONNECTIONS = 20;
const WARM_UP_SECONDS = 2;
const ROUND_SECONDS = 5;
const ROUNDS = 3;
const GOAL_P95_MS = 50;
const root = path.resolve(import.meta.dirname, "../..");

const UPDATES = 1_000;

const pages = [
  { label: "/consent", path: "/consent", signedIn: true, as: "participant" },
  { label: "/consent/history", path: "/consent/history", signedIn: true, as: "participant" },
  // ADR 038: the updates page of a family member following a participant, with 1,000 updates published.
  { label: `/updates (family member, ${UPDATES.toLocaleString("en-US")} updates)`, path: "/updates", signedIn: true, as: "family" },
  // ADR 037: the same page in やさしい日本語, with readings over every kanji (the analyser's cache warm).
  { label: "/updates in やさしい日本語 (furigana)", path: "/updates", signedIn: true, as: "familyEasy" },
  // The floor of a server-rendered page here: no session, no query, the root layout and a form.
  { label: "/sign-in (no session: the least a Remix page costs)", path: "/sign-in", signedIn: false, as: null },
  { label: "/healthz (no session, one query)", path: "/healthz", signedIn: false, as: null },
] as const;

type Cookies = { participant: string[]; family: string[]; familyEasy: string[] };
const cookiesFor = (page: (typeof pages)[number], cookies: Cookies) => (page.as ? cookies[page.as] : null);

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
    p99: percentile(sorted, 0.99),
    failures: rounds.reduce((sum, round) => sum + round.failures, 0),
  };
}

/** The app must answer each page as the signed-in participant would see it, or the figures would be of redirects. */
async function probe(url: string, cookies: Cookies): Promise<void> {
  const cookie = cookies.participant[0]!;
  const updates = await fetch(`${url}/updates`, { headers: { cookie: cookies.family[0]! }, redirect: "manual" });
  const items = (await updates.text()).match(/data-testid="update-item"/g)?.length ?? 0;
  if (updates.status !== 200 || items !== 20) throw new Error(`/updates answered ${updates.status} with ${items} updates, not a page of 20`);
  const easy = await fetch(`${url}/updates`, { headers: { cookie: cookies.familyEasy[0]! }, redirect: "manual" });
  const easyHtml = await easy.text();
  if (easy.status !== 200 || !easyHtml.includes('data-language="ja-easy"') || !easyHtml.includes("<ruby>")) throw new Error(`/updates in やさしい日本語 answered ${easy.status} without readings`);
  const consent = await fetch(`${url}/consent`, { headers: { cookie }, redirect: "manual" });
  const consentHtml = await consent.text();
  if (consent.status !== 200 || !consentHtml.includes("share.industry")) throw new Error(`/consent answered ${consent.status} without the participant's choices`);
  const history = await fetch(`${url}/consent/history`, { headers: { cookie }, redirect: "manual" });
  const entries = (await history.text()).match(/data-testid="history-entry"/g)?.length ?? 0;
  if (history.status !== 200 || entries !== 2) throw new Error(`/consent/history answered ${history.status} with ${entries} entries, not the participant's 2`);
}

async function cpuMicroseconds(child: BenchChild<unknown>): Promise<number> {
  return new Promise((resolve) => {
    child.onMessage((message) => {
      if (message.type === "cpu") resolve(message.microseconds as number);
    });
    child.send({ type: "cpu" });
  });
}

async function measure(child: BenchChild<{ url: string; processes: number }>, cookies: Cookies, print: (text: string) => void): Promise<void> {
  const { url, processes } = child.ready;
  await probe(url, cookies);
  for (const page of pages) await load(url, page.path, cookiesFor(page, cookies), WARM_UP_SECONDS);
  const rounds = new Map<string, Round[]>(pages.map((page) => [page.label, []]));
  const cpu = new Map<string, { microseconds: number; requests: number }>(pages.map((page) => [page.label, { microseconds: 0, requests: 0 }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const page of pages) {
      const before = processes === 1 ? await cpuMicroseconds(child) : 0;
      const result = await load(url, page.path, cookiesFor(page, cookies), ROUND_SECONDS);
      rounds.get(page.label)!.push(result);
      if (processes === 1) {
        const spent = cpu.get(page.label)!;
        spent.microseconds += (await cpuMicroseconds(child)) - before;
        spent.requests += result.requests;
      }
    }
  }
  const healthz = summary(rounds.get(pages.find((page) => page.path === "/healthz")!.label)!);
  print(`   ${processes === 1 ? "one app process" : `cluster of ${processes} app processes (npm start, WEB_CONCURRENCY)`}`);
  for (const page of pages) {
    const result = summary(rounds.get(page.label)!);
    const spent = cpu.get(page.label)!;
    const cpuNote = processes === 1 && spent.requests > 0 ? `  CPU ${((spent.microseconds / spent.requests) / 1000).toFixed(1)} ms/req` : "";
    print(
      line(
        `     ${page.label}`,
        `${perSecond(result.perSecond)}  p50 ${ms(result.p50, 1)}  p95 ${ms(result.p95, 1)}  p99 ${ms(result.p99, 1)}${cpuNote}`,
        page.signedIn ? { text: `p95 < ${GOAL_P95_MS} ms`, met: result.p95 < GOAL_P95_MS } : undefined,
      ),
    );
    if (page.signedIn) print(line(`       ratio ${page.label.split(" (")[0]} / healthz (req/s)`, (result.perSecond / healthz.perSecond).toFixed(2)));
  }
  const roundsLine = pages.map((page) => `${page.label.split(" (")[0]} ${summary(rounds.get(page.label)!).perRound.map((rate) => Math.round(rate)).join(" / ")}`).join("; ");
  const failures = pages.map((page) => summary(rounds.get(page.label)!).failures).reduce((sum, value) => sum + value, 0);
  print(`     (rounds: ${roundsLine}; failed responses: ${failures})`);
}

let built = false;
/** The production build the app children serve, made once per `npm run bench` (skipped with BENCH_SKIP_BUILD=1). */
export function buildApp(): void {
  if (built || process.env.BENCH_SKIP_BUILD === "1") return;
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build", "--logLevel", "error"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error("vite build failed");
  built = true;
}

export async function runWebBenchmarks(adminUrl: string, print: (text: string) => void = (text) => console.log(text)): Promise<void> {
  print("Web app: participant pages");
  print("--------------------------");
  buildApp();
  await withBenchDatabase(adminUrl, BENCH_DATABASE, async ({ databaseUrl, dataDir }) => {
    const children: BenchChild<unknown>[] = [];
    try {
      const seedStarted = performance.now();
      const cohort = await seedWebCohort(databaseUrl, PARTICIPANTS, SIGNED_IN);
      const updatesCohort = await seedUpdatesCohort(databaseUrl, UPDATES, SIGNED_IN);
      const cookieOf = async (token: string) => (await setSessionCookie(token, new Date(Date.now() + 86_400_000))).split(";")[0]!;
      const family = await Promise.all(updatesCohort.sessionTokens.map(cookieOf));
      const easy = (await languageCookie.serialize("ja-easy")).split(";")[0]!;
      const cookies: Cookies = { participant: await Promise.all(cohort.sessionTokens.map(cookieOf)), family, familyEasy: family.map((cookie) => `${cookie}; ${easy}`) };
      print(
        `   (${cohort.participants.toLocaleString("en-US")} participants with accounts, identities, 2 samples and a session each, written in bulk; ${SIGNED_IN} of them with ${cohort.events} ledger events and signed in: ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
      );
      print(`   (${UPDATES.toLocaleString("en-US")} published updates for mixed audiences and areas; ${SIGNED_IN} family members, each following one of the signed-in participants, half the updates read)`);
      print(`   autocannon ${CONNECTIONS} connections, each request as the next of the ${SIGNED_IN} participants; ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s per page after ${WARM_UP_SECONDS} s warm-up each`);
      const clustered = Number(process.env.BENCH_WEB_CLUSTER ?? availableParallelism());
      for (const processes of [...new Set([1, clustered])]) {
        const port = await freePort();
        const child = await startChild<{ url: string; processes: number }>("../web/app-process.ts", {
          BENCH_WEB_DATABASE_URL: databaseUrl,
          BENCH_WEB_DATA_DIR: dataDir,
          BENCH_WEB_PORT: String(port),
          BENCH_WEB_PROCESSES: String(processes),
        });
        children.push(child);
        await measure(child, cookies, print);
        await child.stop();
      }
      print("");
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const postgres = await ensurePostgres({ dataDir: path.resolve(".data/bench"), port: 54332 });
  console.log(`Tsunagi web benchmarks — ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}\n`);
  try {
    await runWebBenchmarks(postgres.adminUrl);
  } finally {
    await postgres.stop();
  }
}
