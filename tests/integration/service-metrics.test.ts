import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCheckpointKeys } from "../../app/domain/consent/index.server";
import { graphileLogger } from "../../app/domain/jobs/index.server";
import { jobTaskList } from "../../app/wiring/job-runner.server";
import { startJobQueue, type JobQueue } from "@tsunagi/job-worker/start-job-queue";
import { startLedgerCheckpointer, type LedgerCheckpointer } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { recordRequestMetrics, startMetricsServer, type RunningMetricsServer } from "@tsunagi/service-kit/metrics";
import { useTestDatabase } from "../support/database";
import { eventually } from "../support/outbox-fixtures";
import { issueTestToken, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { scrape, samplesOf, valueOf } from "../support/prometheus-text";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";

// Issue 61 item 1 (ADR 169): a consent change made as a participant makes it, carried by the real relay to the real
// bridge, beside the real checkpointer and job queue, all in this process as `npm start` runs them in its primary, and
// what an operator's Prometheus would read of it on the process's /metrics.
const database = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();

let gateToken = "";
let bridge: TestBridge;
let metrics: RunningMetricsServer;
let checkpointer: LedgerCheckpointer;
let queue: JobQueue;
let checkpointDir = "";
beforeAll(async () => {
  gateToken = await issueTestToken(["gate:analyze"]);
  checkpointDir = mkdtempSync(path.join(tmpdir(), "tsunagi-metrics-"));
  const keys = (await loadCheckpointKeys({ dataDir: checkpointDir, generate: true }))!;
  checkpointer = await startLedgerCheckpointer({ keys, logFile: path.join(checkpointDir, "ledger-checkpoints.jsonl"), intervalMs: 1_000, settleMs: 50, databaseUrl: database.url });
  queue = await startJobQueue({ databaseUrl: database.url, taskList: jobTaskList, cronItems: [], logger: graphileLogger });
  recordRequestMetrics("bridge");
  metrics = await startMetricsServer({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await metrics?.close();
  await queue?.stop();
  await checkpointer?.stop();
  rmSync(checkpointDir, { recursive: true, force: true });
});

async function analyse(subject: string): Promise<{ allowed: boolean; reason: string }> {
  const { status, body } = await bridge.post("/v1/decisions", { subject, action: "analyze", purpose: "DUO:0000006" }, gateToken);
  expect(status).toBe(200);
  return (body as { decisions: { allowed: boolean; reason: string }[] }).decisions[0]!;
}

describe("what an operator watches, after a withdrawal", () => {
  it("finds the withdrawal's way to the bridge, the relay's lag, the checkpoint, the queue and the mail on /metrics", async () => {
    const participant = await consentedParticipant();
    bridge = await startTestBridge(database.url, { stalenessMs: 2_000 });
    relays.defer(() => bridge.close());
    await relays.start(bridge.url, { relayId: "relay-metrics" });
    const sample = participant.sampleCodes[0]!;
    await eventually("the bridge answering from the grant", async () => (await analyse(sample)).allowed);

    const before = await scrape(metrics.url);
    const withdrawnBefore = valueOf(before, "tsunagi_bridge_consent_change_lag_seconds_count", { status: "withdrawn" });
    await withdrawOnline(participant, { language: "ja" });
    await eventually("the withdrawal at the bridge", async () => (await analyse(sample)).reason === "withdrawn_no_further_use", 5_000);

    const after = await eventually("every process's figures for the withdrawal", async () => {
      const now = await scrape(metrics.url);
      const ready =
        valueOf(now, "tsunagi_relay_outbox_undelivered", { stream: "consent", destination: "bridge" }) === 0 &&
        valueOf(now, "tsunagi_jobs_runs_total", { task: "consent.follow-up", outcome: "success" }) >= 2 &&
        valueOf(now, "tsunagi_mail_messages_total", { outcome: "sent" }) >= 2 &&
        valueOf(now, "tsunagi_ledger_checkpoint_attempts_total", { outcome: "taken" }) >= 1;
      return ready ? now : undefined;
    }, 15_000);

    // The promise that matters most: the withdrawal's commit → the bridge answering from it, once, and well inside a minute.
    expect(valueOf(after, "tsunagi_bridge_consent_change_lag_seconds_count", { status: "withdrawn" })).toBe(withdrawnBefore + 1);
    expect(valueOf(after, "tsunagi_bridge_consent_change_lag_seconds_bucket", { status: "withdrawn", le: "60" })).toBe(withdrawnBefore + 1);
    // The grant committed before this bridge started: a catch-up, not a change on its way, so not counted.
    expect(valueOf(after, "tsunagi_bridge_consent_change_lag_seconds_count", { status: "active" })).toBe(0);
    // The decisions by outcome and reason: the allow before, the denial after.
    expect(valueOf(after, "tsunagi_bridge_decisions_total", { action: "analyze", outcome: "allow", reason: "consented" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, "tsunagi_bridge_decisions_total", { action: "analyze", outcome: "deny", reason: "withdrawn_no_further_use" })).toBeGreaterThanOrEqual(1);
    expect(samplesOf(after, "tsunagi_bridge_ready")).toEqual([{ name: "tsunagi_bridge_ready", labels: { reason: "ready" }, value: 1 }]);
    expect(valueOf(after, "tsunagi_bridge_heartbeat_age_seconds")).toBeLessThan(2);
    // Each request by its route's pattern, never a sample code or a pseudonym.
    expect(valueOf(after, "tsunagi_http_request_duration_seconds_count", { service: "bridge", route: "/v1/decisions", status: "2xx" })).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(after)).not.toContain(sample);
    expect(JSON.stringify(after)).not.toContain(participant.pseudonym);
    // The relay: both changes delivered, nothing waiting, its lag as the last heartbeat measured it.
    expect(valueOf(after, "tsunagi_relay_delivered_total", { stream: "consent", destination: "bridge" })).toBeGreaterThanOrEqual(2);
    expect(samplesOf(after, "tsunagi_relay_lag_seconds", { stream: "consent", destination: "bridge" })).toHaveLength(1);
    expect(valueOf(after, "tsunagi_relay_delivery_failures_total")).toBe(0);
    // The checkpointer: covered just now, the witness looking, no rollback.
    expect(valueOf(after, "tsunagi_ledger_checkpoint_last_covered_timestamp_seconds")).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(valueOf(after, "tsunagi_ledger_witness_looks_total", { outcome: "recorded" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, "tsunagi_ledger_rollbacks_total")).toBe(0);
    // The queue: read, nothing due left behind, nothing parked.
    expect(valueOf(after, "tsunagi_jobs_queue_readable")).toBe(1);
    expect(valueOf(after, "tsunagi_jobs_waiting", { state: "parked" })).toBe(0);
    expect(valueOf(after, "tsunagi_jobs_oldest_due_seconds")).toBeLessThan(60);
    // The process's own.
    expect(valueOf(after, "process_cpu_seconds_total")).toBeGreaterThan(0);
  });

  it("sees the bridge deny everything when the relay stops: not ready, the heartbeat ageing past its bound", async () => {
    await consentedParticipant();
    const stoppable = await startTestBridge(database.url, { stalenessMs: 1_000 });
    relays.defer(() => stoppable.close());
    const { relay } = await relays.start(stoppable.url, { relayId: "relay-metrics-stopped" });
    await eventually("the bridge ready", async () => (await stoppable.get("/readyz")).status === 200);
    expect(valueOf(await scrape(metrics.url), "tsunagi_bridge_ready", { reason: "ready" })).toBe(1);
    await relay.stop();
    const stale = await eventually("the bridge stale on /metrics", async () => {
      const now = await scrape(metrics.url);
      return samplesOf(now, "tsunagi_bridge_ready", { reason: "projection_stale" }).length === 1 ? now : undefined;
    }, 10_000);
    expect(valueOf(stale, "tsunagi_bridge_ready")).toBe(0);
    expect(valueOf(stale, "tsunagi_bridge_heartbeat_age_seconds")).toBeGreaterThan(1);
    expect((await stoppable.get("/readyz")).body).toMatchObject({ ready: false, reason: "projection_stale" });
  });
});
