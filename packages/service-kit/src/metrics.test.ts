import { afterEach, describe, expect, it } from "vitest";
import { counter, histogram, processMetrics, recordRequestMetrics, startMetricsServer, type RunningMetricsServer } from "./metrics";
import { setRequestObserver } from "./logger";

const servers: RunningMetricsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  setRequestObserver(undefined);
});

async function start(...args: Parameters<typeof startMetricsServer>): Promise<RunningMetricsServer> {
  const server = await startMetricsServer(...args);
  servers.push(server);
  return server;
}

/** The value of the sample line that starts with `series` (name and labels as the text writes them). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("a process's metrics server (ADR 169)", () => {
  it("serves the process's metrics in Prometheus's text format on loopback, with the process's own CPU and memory", async () => {
    const things = counter("tsunagi_test_things_total", "things", ["kind"]);
    things.reset();
    things.inc({ kind: "a" }, 3);
    const server = await start({ host: "127.0.0.1", port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE tsunagi_test_things_total counter");
    expect(sample(text, 'tsunagi_test_things_total{kind="a"}')).toBe(3);
    expect(sample(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect((await fetch(server.url.replace("/metrics", "/"))).status).toBe(404);
    expect((await fetch(server.url, { method: "POST" })).status).toBe(404);
  });

  it("refuses to listen beyond loopback without a token, and with one answers only the scraper that sends it", async () => {
    await expect(startMetricsServer({ host: "0.0.0.0", port: 0 })).rejects.toThrow(/METRICS_TOKEN/);
    const token = "a-token-of-twenty-four-chars-or-more";
    const server = await start({ host: "127.0.0.1", port: 0, token });
    expect((await fetch(server.url)).status).toBe(401);
    expect((await fetch(server.url, { headers: { Authorization: "Bearer wrong-token-of-the-same-length!" } })).status).toBe(401);
    expect((await fetch(server.url, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("adds other processes' metrics to its own, summing a series they share (the web app's workers)", async () => {
    const shared = counter("tsunagi_test_shared_total", "shared", ["route"]);
    shared.reset();
    shared.inc({ route: "/a" }, 2);
    const worker = await processMetrics();
    shared.inc({ route: "/b" });
    const server = await start({ host: "127.0.0.1", port: 0 }, async () => [worker, worker]);
    const text = await (await fetch(server.url)).text();
    // This process: /a 2, /b 1; each "worker" (a copy taken before /b): /a 2.
    expect(sample(text, 'tsunagi_test_shared_total{route="/a"}')).toBe(6);
    expect(sample(text, 'tsunagi_test_shared_total{route="/b"}')).toBe(1);
    expect(text.match(/^# TYPE tsunagi_test_shared_total /gm)).toHaveLength(1);
  });

  it("times each request by the route that answered it, never its path", async () => {
    recordRequestMetrics("bridge");
    const { logRequest, serviceLogger } = await import("./logger");
    const { createServer } = await import("node:http");
    const app = createServer((request, response) => {
      const entry = logRequest(serviceLogger("bridge"), request, response);
      if (request.url?.startsWith("/v1/subjects/")) entry.route = "/v1/subjects/{id}";
      response.writeHead(request.url === "/missing" ? 404 : 200).end("ok");
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    // The registry is the process's, and the test runner's worker may have served such requests before: what this adds counts.
    const series = {
      pattern: 'tsunagi_http_request_duration_seconds_count{service="bridge",route="/v1/subjects/{id}",method="GET",status="2xx"}',
      unmatched: 'tsunagi_http_request_duration_seconds_count{service="bridge",route="unmatched",method="GET",status="4xx"}',
    };
    const counted = async () => {
      const server = await start({ host: "127.0.0.1", port: 0 });
      const text = await (await fetch(server.url)).text();
      return { text, pattern: sample(text, series.pattern) ?? 0, unmatched: sample(text, series.unmatched) ?? 0 };
    };
    const before = await counted();
    const base = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
    await fetch(`${base}/v1/subjects/PSN-1234`);
    await fetch(`${base}/v1/subjects/PSN-5678`);
    await fetch(`${base}/missing`);
    await new Promise<void>((resolve) => app.close(() => resolve()));
    const after = await counted();
    expect(after.pattern - before.pattern).toBe(2);
    expect(after.unmatched - before.unmatched).toBe(1);
    expect(after.text).not.toContain("PSN-1234");
  });

  it("makes a metric once and finds it again, so a service started twice in a process shares it", () => {
    const first = histogram("tsunagi_test_seconds", "seconds");
    expect(histogram("tsunagi_test_seconds", "seconds")).toBe(first);
  });
});
