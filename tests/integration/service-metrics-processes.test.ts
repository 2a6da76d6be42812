import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureServicesBuild, servicesEntry, type ServicesEntryName } from "../../scripts/lib/services-build";
import { ensureServiceLogins, type ServiceLogin } from "../../scripts/lib/service-logins";
import { useTestDatabase } from "../support/database";
import { commitConsentChange, eventually } from "../support/outbox-fixtures";
import { issueTestToken } from "../support/pipeline-bridge";
import { scrape, valueOf, type Sample } from "../support/prometheus-text";

// Issue 61 item 1 (ADR 169): each service deployed apart — compiled, as `node build-services/current/<service>.mjs`
// runs it, on its own database login — serves its own metrics on its own loopback port, and a consent change shows on
// each: the relay's delivery on the relay's, the change's way and the decision on the bridge's, the witness and the
// checkpoint on the checkpointer's, the queue on the worker's.
const db = useTestDatabase();
let workDir = "";
let logins: ServiceLogin[] = [];
const children: ChildProcess[] = [];
const urlOf = (service: "app" | "relay" | "bridge") => logins.find((login) => login.service === service)!.url;

beforeAll(async () => {
  await ensureServicesBuild();
  workDir = mkdtempSync(path.join(tmpdir(), "tsunagi-metrics-processes-"));
  logins = await ensureServiceLogins({ ownerUrl: db.url, file: path.join(workDir, "database-logins.json") });
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))))));
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // Roles belong to the whole test server, which outlives this file's database.
  for (const login of logins) await client.query(`DROP OWNED BY ${pg.escapeIdentifier(login.login)}`).catch(() => undefined);
  for (const login of logins) await client.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(login.login)}`).catch(() => undefined);
  await client.end();
  rmSync(workDir, { recursive: true, force: true });
}, 30_000);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A compiled service as a deployment runs it; its metrics' URL. */
async function startService(name: ServicesEntryName, env: Record<string, string>): Promise<string> {
  const metricsPort = await freePort();
  const { LOG_FILE: _logFile, ...inherited } = process.env;
  const child = spawn(process.execPath, [servicesEntry(name)], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...inherited, NODE_ENV: "test", TSUNAGI_DATA_DIR: workDir, LOG_LEVEL: "warn", METRICS_PORT: String(metricsPort), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  children.push(child);
  const url = `http://127.0.0.1:${metricsPort}/metrics`;
  await eventually(`${name}'s metrics to answer${stderr ? ` (stderr: ${stderr.slice(-500)})` : ""}`, async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${stderr.slice(-2000)}`);
    return (await fetch(url).catch(() => undefined))?.status === 200;
  }, 30_000);
  return url;
}

describe("each service's own /metrics, deployed apart", () => {
  it("shows a consent change on the relay's, the bridge's, the checkpointer's and the worker's own endpoint", async () => {
    const bridgePort = await freePort();
    const bridge = await startService("bridge", { DATABASE_URL: urlOf("bridge"), BRIDGE_PORT: String(bridgePort), BRIDGE_STALENESS_MS: "5000" });
    const relay = await startService("relay", { DATABASE_URL: urlOf("relay"), BRIDGE_URL: `http://127.0.0.1:${bridgePort}`, RELAY_TOKEN: await issueTestToken(["bridge:ingest"]) });
    const checkpointer = await startService("checkpointer", { DATABASE_URL: urlOf("app"), LEDGER_CHECKPOINT_INTERVAL_MS: "1000" });
    const worker = await startService("worker", { DATABASE_URL: urlOf("app") });
    expect(new Set([bridge, relay, checkpointer, worker]).size).toBe(4);

    const change = await commitConsentChange();
    const gateToken = await issueTestToken(["gate:analyze"]);
    await eventually("the bridge answering from the change", async () => {
      const response = await fetch(`http://127.0.0.1:${bridgePort}/v1/subjects/${change.pseudonym}`, { headers: { Authorization: `Bearer ${gateToken}` } });
      return response.status === 200;
    }, 15_000);

    const settled = async (url: string, ready: (samples: Sample[]) => boolean) => eventually(`${url} to show the change`, async () => {
      const samples = await scrape(url);
      return ready(samples) ? samples : undefined;
    }, 15_000);
    const onRelay = await settled(relay, (samples) => valueOf(samples, "tsunagi_relay_delivered_total", { stream: "consent", destination: "bridge" }) >= 1);
    expect(valueOf(onRelay, "tsunagi_relay_outbox_undelivered", { stream: "consent", destination: "bridge" })).toBe(0);
    expect(valueOf(onRelay, "tsunagi_bridge_decisions_total")).toBe(0);
    const onBridge = await settled(bridge, (samples) => valueOf(samples, "tsunagi_bridge_consent_change_lag_seconds_count") >= 1);
    expect(valueOf(onBridge, "tsunagi_bridge_ready", { reason: "ready" })).toBe(1);
    expect(valueOf(onBridge, "tsunagi_http_request_duration_seconds_count", { service: "bridge", route: "/v1/subjects/{id}" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(onBridge, "tsunagi_relay_delivered_total")).toBe(0);
    const onCheckpointer = await settled(checkpointer, (samples) => valueOf(samples, "tsunagi_ledger_checkpoint_attempts_total", { outcome: "taken" }) >= 1);
    expect(valueOf(onCheckpointer, "tsunagi_ledger_witness_looks_total")).toBeGreaterThanOrEqual(1);
    const onWorker = await settled(worker, (samples) => valueOf(samples, "tsunagi_jobs_queue_readable") === 1);
    expect(valueOf(onWorker, "tsunagi_jobs_waiting", { state: "parked" })).toBe(0);
    // Each its own process: CPU of its own.
    for (const samples of [onRelay, onBridge, onCheckpointer, onWorker]) expect(valueOf(samples, "process_cpu_seconds_total")).toBeGreaterThan(0);
  }, 120_000);
});
