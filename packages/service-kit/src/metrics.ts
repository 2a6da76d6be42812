import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import client from "prom-client";
import { z } from "zod";
import { localUrlOf } from "./listen-address";
import { isLoopbackHost } from "./loopback";
import { setRequestObserver } from "./logger";

/**
 * What those who run Tsunagi can watch (issue 61, ADR 169): each process's promises as Prometheus metrics, on a port of
 * its own that no browser or pipeline reaches — loopback only, unless METRICS_HOST opens it and METRICS_TOKEN guards it.
 *
 * One registry a process (prom-client's default): where `npm start` runs the relay, the bridge, the checkpointer and
 * the job worker in one process, their metrics are that process's, each named for its service
 * (`tsunagi_relay_…`, `tsunagi_bridge_…`). A metric is made on first use and found again after (`counter`, `gauge`,
 * `histogram`): a service started twice in one process (the tests) shares it instead of failing on a duplicate name.
 * Nothing is recorded cost-free: a service records into its metrics whether or not anyone serves them (an increment is
 * a few nanoseconds), and only `startMetricsServer` adds the process's own (CPU, memory, event-loop delay, GC).
 */

export const metricsEnvFields = {
  /** The port of this process's `GET /metrics` (Prometheus text). Unset: no metrics server (`npm start` sets 9464). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where it listens: loopback unless set; any other address needs METRICS_TOKEN. */
  METRICS_HOST: z.string().regex(/^[^\s/]+$/, "must be an IP address or a host name").default("127.0.0.1"),
  /** A bearer token the scraper sends (`Authorization: Bearer …`); required when METRICS_HOST is not loopback. */
  METRICS_TOKEN: z.string().min(24, "at least 24 characters").optional(),
};

export type MetricsSettings = { port?: number; host: string; token?: string };

export function metricsSettingsOf(env: { METRICS_PORT?: number; METRICS_HOST: string; METRICS_TOKEN?: string }): MetricsSettings {
  return { port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN };
}

function existing<T>(name: string): T | undefined {
  return client.register.getSingleMetric(name) as T | undefined;
}

export function counter<Label extends string>(name: string, help: string, labelNames: readonly Label[] = []): client.Counter<Label> {
  return existing<client.Counter<Label>>(name) ?? new client.Counter({ name, help, labelNames: labelNames as Label[] });
}

/**
 * A gauge; `collect` (sync or async) sets it when scraped — a depth or an age read at that moment. Made again (a module
 * evaluated anew in a process that keeps prom-client, as the test runner's workers do), the gauge is the one registered
 * and its `collect` becomes the one given now, so a scrape reads the state of the code that is running.
 */
export function gauge<Label extends string>(name: string, help: string, labelNames: readonly Label[] = [], collect?: (this: client.Gauge<Label>) => void | Promise<void>): client.Gauge<Label> {
  const found = existing<client.Gauge<Label> & { collect?: typeof collect }>(name);
  if (!found) return new client.Gauge({ name, help, labelNames: labelNames as Label[], ...(collect ? { collect } : {}) });
  if (collect) found.collect = collect;
  return found;
}

/** Seconds, in buckets from 1 ms to 60 s unless given. */
export function histogram<Label extends string>(name: string, help: string, labelNames: readonly Label[] = [], buckets: number[] = SECONDS_BUCKETS): client.Histogram<Label> {
  return existing<client.Histogram<Label>>(name) ?? new client.Histogram({ name, help, labelNames: labelNames as Label[], buckets });
}

/** From a millisecond to a minute: a decision, a page, a relay cycle, a withdrawal reaching the bridge. */
export const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

let requestMetricsOn = false;

/**
 * Every request a process answers, by the route that answered it (its pattern or Remix route id, never its path),
 * its method and its status class: `tsunagi_http_request_duration_seconds`. Fed by the request log line's own timing
 * (logRequest, LoggedResponse), so there is one clock for the log and the metric.
 */
export function recordRequestMetrics(service: string): void {
  if (requestMetricsOn) return;
  requestMetricsOn = true;
  const requests = histogram("tsunagi_http_request_duration_seconds", "Time to answer a request, by service, route (pattern or route id; `unmatched` for none), method and status class", ["service", "route", "method", "status"]);
  setRequestObserver((method, route, status, durationMs) => {
    requests.observe({ service, route: route ?? "unmatched", method: method ?? "GET", status: `${Math.floor(status / 100)}xx` }, durationMs / 1000);
  });
}

export interface RunningMetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` on its own port: this process's registry in Prometheus's text format, summed with `others()` where
 * given (the web app's primary: its workers' registries, which it asks for over the cluster's IPC; a counter or a
 * histogram of the same name and labels is added up, as Prometheus would over the processes). Refuses to listen
 * beyond loopback without a token.
 */
export async function startMetricsServer(settings: MetricsSettings & { port: number }, others?: () => Promise<ProcessMetrics[]>): Promise<RunningMetricsServer> {
  if (!isLoopbackHost(settings.host) && !settings.token) {
    throw new Error(`METRICS_HOST=${settings.host} is not loopback: set METRICS_TOKEN (at least 24 characters) so only the scraper reads the metrics`);
  }
  // Once a process: prom-client's registry outlives this module where a process evaluates it again (the tests' workers).
  if (!client.register.getSingleMetric("process_cpu_user_seconds_total")) client.collectDefaultMetrics();
  const expected = settings.token ? Buffer.from(`Bearer ${settings.token}`) : undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        response.writeHead(401, { "Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": "Bearer" }).end("unauthorized\n");
        return;
      }
    }
    void (async () => {
      try {
        const text = others ? await client.AggregatorRegistry.aggregate([await client.register.getMetricsAsJSON(), ...(await others())]).metrics() : await client.register.metrics();
        response.writeHead(200, { "Content-Type": client.register.contentType, "Cache-Control": "no-store" }).end(request.method === "HEAD" ? undefined : text);
      } catch (error) {
        response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(`metrics unavailable: ${(error as Error).message}\n`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${localUrlOf(settings.host, port)}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A service's metrics as its entry starts them: with METRICS_PORT set, its requests measured (`service` names them)
 * and `GET /metrics` served; unset, nothing listens. `others`: other processes' metrics to add (the web app's primary
 * adds its workers').
 */
export async function startServiceMetrics(service: string, settings: MetricsSettings, others?: () => Promise<ProcessMetrics[]>): Promise<RunningMetricsServer | undefined> {
  if (settings.port === undefined) return undefined;
  recordRequestMetrics(service);
  return startMetricsServer({ ...settings, port: settings.port }, others);
}

/** One process's registry as data (`metricsRegistry.getMetricsAsJSON()`), to send to the process that serves them. */
export type ProcessMetrics = client.MetricObjectWithValues<client.MetricValue<string>>[];

/** This process's registry as data, for the process that serves it (a web app worker, asked by its primary). */
export function processMetrics(): Promise<ProcessMetrics> {
  return client.register.getMetricsAsJSON();
}
