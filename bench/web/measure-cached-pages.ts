/**
 * Issue 30 item 4 (ADR 071): the public pages served from the shared cache, at 50 connections, side by side with the
 * plain Remix template page in the same run (alternating rounds, so both share whatever else the machine is doing).
 * Called by run-web-benchmarks.ts with the app's and the template's URLs; alone:
 *   tsx bench/web/measure-cached-pages.ts <app URL> <template URL> [template path]
 * Each request is a signed-out reader's (the default language; one page also in English and in やさしい日本語), and
 * a browser's Accept-Encoding, so the cache's precompressed bytes are what is measured, as a reader would get them.
 */
import autocannon from "autocannon";
import { languageCookie } from "../../app/i18n/language.server";
import { percentile } from "../bridge/figures";
import { autocannonSampleMs, sized } from "../smoke";

// Smoke mode: a few connections (bench/transparency says why).
const CONNECTIONS = sized(50, 4);
const GOAL_RATIO = 0.8;

export interface CachedPagesOptions {
  appUrl: string;
  templateUrl: string;
  /** The template's page (its one page of the sign-in page's size). */
  templatePath?: string;
  rounds?: number;
  roundSeconds?: number;
  /** Each page's warm-up before the rounds (1 s). */
  warmUpSeconds?: number;
  /** CPU (ms) used so far by the app (its processes and its database backends) or by the template, if the runner reads it. */
  cpuMs?: (server: "app" | "template") => Promise<number>;
  print?: (line: string) => void;
}

export interface CachedPageFigure {
  label: string;
  perSecond: number;
  p50: number;
  p975: number;
  cpuMsPerRequest: number | null;
  ratio: number;
  failures: number;
}

interface Target {
  label: string;
  server: "app" | "template";
  url: string;
  path: string;
  cookie: string | null;
}

function round(target: Target, seconds: number): Promise<{ requests: number; seconds: number; latencies: number[]; failures: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const started = performance.now();
    const instance = autocannon(
      {
        url: target.url,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        sampleInt: autocannonSampleMs,
        headers: { "accept-encoding": "gzip, deflate, br", accept: "text/html", ...(target.cookie ? { cookie: target.cookie } : {}) },
        requests: [{ method: "GET", path: target.path }],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ requests: result.requests.total, seconds: (performance.now() - started) / 1000, latencies, failures: result.non2xx + result.errors + result.timeouts });
      },
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
}

/** Each app page must come from the cache (public Cache-Control, an ETag), or the figure would be of another path. */
async function probe(target: Target): Promise<void> {
  const response = await fetch(`${target.url}${target.path}`, { headers: target.cookie ? { cookie: target.cookie } : {}, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200 || !response.headers.get("cache-control")?.startsWith("public") || !response.headers.get("etag")) {
    throw new Error(`${target.label} answered ${response.status} (${response.headers.get("cache-control")}), not from the public-page cache`);
  }
}

export async function measureCachedPages(options: CachedPagesOptions): Promise<CachedPageFigure[]> {
  const print = options.print ?? ((text: string) => console.log(text));
  const rounds = options.rounds ?? 3;
  const seconds = options.roundSeconds ?? 5;
  const cookie = async (language: "en" | "ja-easy") => (await languageCookie.serialize(language)).split(";")[0]!;
  const template: Target = { label: "Remix template page", server: "template", url: options.templateUrl, path: options.templatePath ?? "/", cookie: null };
  const pages: Target[] = [
    { label: "/ (landing), cached", server: "app", url: options.appUrl, path: "/", cookie: null },
    { label: "/transparency, cached", server: "app", url: options.appUrl, path: "/transparency", cookie: null },
    { label: "/transparency?months=all in English, cached", server: "app", url: options.appUrl, path: "/transparency?months=all", cookie: await cookie("en") },
    { label: "/updates signed out in やさしい日本語, cached", server: "app", url: options.appUrl, path: "/updates", cookie: await cookie("ja-easy") },
    { label: "/register, cached", server: "app", url: options.appUrl, path: "/register", cookie: null },
  ];
  for (const page of pages) await probe(page);
  const targets = [template, ...pages];
  // A short warm-up of each: the first request of a page renders it once; the figure is of the cached answer.
  for (const target of targets) await round(target, options.warmUpSeconds ?? 1);

  const totals = new Map(targets.map((target) => [target.label, { requests: 0, seconds: 0, cpu: 0, failures: 0, latencies: [] as number[] }]));
  for (let index = 0; index < rounds; index += 1) {
    for (const target of targets) {
      const cpuBefore = options.cpuMs ? await options.cpuMs(target.server) : 0;
      const result = await round(target, seconds);
      const cpuAfter = options.cpuMs ? await options.cpuMs(target.server) : 0;
      const total = totals.get(target.label)!;
      total.requests += result.requests;
      total.seconds += result.seconds;
      total.cpu += cpuAfter - cpuBefore;
      total.failures += result.failures;
      total.latencies.push(...result.latencies);
    }
  }
  const figureOf = (target: Target, templatePerSecond: number): CachedPageFigure => {
    const total = totals.get(target.label)!;
    const sorted = Float64Array.from(total.latencies).sort();
    const perSecond = total.requests / total.seconds;
    return {
      label: target.label,
      perSecond,
      p50: percentile(sorted, 0.5),
      p975: percentile(sorted, 0.975),
      cpuMsPerRequest: options.cpuMs ? total.cpu / total.requests : null,
      ratio: perSecond / templatePerSecond,
      failures: total.failures,
    };
  };
  const templateFigure = figureOf(template, 1);
  const figures = [{ ...templateFigure, ratio: 1 }, ...pages.map((page) => figureOf(page, templateFigure.perSecond))];

  print(`\nPublic pages from the shared cache (issue 30 item 4), ${CONNECTIONS} connections, ${rounds} alternating rounds of ${seconds} s:`);
  print("| page | req/s | p50 | p97.5 | CPU per request | × the template's req/s |");
  print("| --- | --- | --- | --- | --- | --- |");
  for (const figure of figures) {
    const cpu = figure.cpuMsPerRequest === null ? "—" : `${figure.cpuMsPerRequest.toFixed(2)} ms`;
    const goal = figure === figures[0] ? "1" : `${figure.ratio.toFixed(2)} ${figure.ratio >= GOAL_RATIO ? "(goal ≥ 0.8: met)" : "(goal ≥ 0.8: NOT met)"}`;
    const failed = figure.failures > 0 ? ` (${figure.failures} failed)` : "";
    print(`| ${figure.label} | ${figure.perSecond.toFixed(0)}${failed} | ${figure.p50.toFixed(1)} ms | ${figure.p975.toFixed(1)} ms | ${cpu} | ${goal} |`);
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [appUrl, templateUrl, templatePath] = process.argv.slice(2);
  if (!appUrl || !templateUrl) {
    console.error("Usage: tsx bench/web/measure-cached-pages.ts <app URL> <template URL> [template path]");
    process.exit(2);
  }
  await measureCachedPages({ appUrl, templateUrl, templatePath });
}
