import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadCheckpointKeys } from "../../app/domain/consent/index.server";
import { graphileLogger } from "../../app/domain/jobs/index.server";
import { jobTaskList } from "../../app/wiring/job-runner.server";
import { startJobQueue, type JobQueue } from "@tsunagi/job-worker/start-job-queue";
import { startLedgerCheckpointer, type LedgerCheckpointer } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { recordRequestMetrics, startMetricsServer, type RunningMetricsServer } from "@tsunagi/service-kit/metrics";
import { useTestDatabase } from "../support/database";
import { findDebianCommand } from "../support/debian-command";
import { eventually } from "../support/outbox-fixtures";
import { issueTestToken, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { scrape, samplesOf, valueOf, type Sample } from "../support/prometheus-text";
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
    // Counters are the process's, and the test runner's worker has run other files: what this test adds is what counts.
    const initial = await scrape(metrics.url);
    const added = (samples: Sample[], name: string, labels: Record<string, string> = {}) => valueOf(samples, name, labels) - valueOf(initial, name, labels);
    const participant = await consentedParticipant();
    bridge = await startTestBridge(database.url, { stalenessMs: 2_000 });
    relays.defer(() => bridge.close());
    await relays.start(bridge.url, { relayId: "relay-metrics" });
    const sample = participant.sampleCodes[0]!;
    await eventually("the bridge answering from the grant", async () => (await analyse(sample)).allowed);

    await withdrawOnline(participant, { language: "ja" });
    await eventually("the withdrawal at the bridge", async () => (await analyse(sample)).reason === "withdrawn_no_further_use", 5_000);

    const after = await eventually("every process's figures for the withdrawal", async () => {
      const now = await scrape(metrics.url);
      const ready =
        valueOf(now, "tsunagi_relay_outbox_undelivered", { stream: "consent", destination: "bridge" }) === 0 &&
        added(now, "tsunagi_jobs_runs_total", { task: "consent.follow-up", outcome: "success" }) >= 2 &&
        added(now, "tsunagi_mail_messages_total", { outcome: "sent" }) >= 2 &&
        added(now, "tsunagi_ledger_checkpoint_attempts_total", { outcome: "taken" }) >= 1;
      return ready ? now : undefined;
    }, 15_000);

    // The promise that matters most: the withdrawal's commit → the bridge answering from it, once, and well inside a minute.
    expect(added(after, "tsunagi_bridge_consent_change_lag_seconds_count", { status: "withdrawn" })).toBe(1);
    expect(added(after, "tsunagi_bridge_consent_change_lag_seconds_bucket", { status: "withdrawn", le: "60" })).toBe(1);
    // The grant committed before this bridge started: a catch-up, not a change on its way, so not counted.
    expect(added(after, "tsunagi_bridge_consent_change_lag_seconds_count", { status: "active" })).toBe(0);
    // The decisions by outcome and reason: the allow before, the denial after.
    expect(added(after, "tsunagi_bridge_decisions_total", { action: "analyze", outcome: "allow", reason: "consented" })).toBeGreaterThanOrEqual(1);
    expect(added(after, "tsunagi_bridge_decisions_total", { action: "analyze", outcome: "deny", reason: "withdrawn_no_further_use" })).toBeGreaterThanOrEqual(1);
    expect(samplesOf(after, "tsunagi_bridge_ready")).toEqual([{ name: "tsunagi_bridge_ready", labels: { reason: "ready" }, value: 1 }]);
    expect(valueOf(after, "tsunagi_bridge_heartbeat_age_seconds")).toBeLessThan(2);
    // Each request by its route's pattern, never a sample code or a pseudonym.
    expect(added(after, "tsunagi_http_request_duration_seconds_count", { service: "bridge", route: "/v1/decisions", status: "2xx" })).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(after)).not.toContain(sample);
    expect(JSON.stringify(after)).not.toContain(participant.pseudonym);
    // The relay: both changes delivered, nothing waiting, its lag as the last heartbeat measured it.
    expect(added(after, "tsunagi_relay_delivered_total", { stream: "consent", destination: "bridge" })).toBeGreaterThanOrEqual(2);
    expect(samplesOf(after, "tsunagi_relay_lag_seconds", { stream: "consent", destination: "bridge" })).toHaveLength(1);
    expect(added(after, "tsunagi_relay_delivery_failures_total")).toBe(0);
    // The checkpointer: covered just now, the witness looking, no rollback.
    expect(valueOf(after, "tsunagi_ledger_checkpoint_last_covered_timestamp_seconds")).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(added(after, "tsunagi_ledger_witness_looks_total", { outcome: "recorded" })).toBeGreaterThanOrEqual(1);
    expect(added(after, "tsunagi_ledger_rollbacks_total")).toBe(0);
    // The queue: read, nothing due left behind, nothing parked.
    expect(valueOf(after, "tsunagi_jobs_queue_readable")).toBe(1);
    expect(valueOf(after, "tsunagi_jobs_waiting", { state: "parked" })).toBe(0);
    expect(valueOf(after, "tsunagi_jobs_oldest_due_seconds")).toBeLessThan(60);
    // The process's own.
    expect(valueOf(after, "process_cpu_seconds_total")).toBeGreaterThan(0);
  });

  it("sees the bridge deny everything when the relay stops, and the recorded metrics fire the withdrawal alert under promtool", async () => {
    await consentedParticipant();
    const stoppable = await startTestBridge(database.url, { stalenessMs: 1_000 });
    relays.defer(() => stoppable.close());
    const { relay } = await relays.start(stoppable.url, { relayId: "relay-metrics-stopped" });
    await eventually("the bridge ready", async () => (await stoppable.get("/readyz")).status === 200);
    // Recorded as a scraper would, every 250 ms: while the relay runs, then after it stops until the bridge is stale.
    const recorded: Sample[][] = [];
    const record = async () => recorded.push(await scrape(metrics.url));
    for (let index = 0; index < 4; index++) {
      await record();
      await pause(RECORDING_INTERVAL_MS);
    }
    const running = recorded.length;
    await relay.stop();
    const deadline = Date.now() + 10_000;
    while (samplesOf(recorded.at(-1)!, "tsunagi_bridge_ready", { reason: "projection_stale" }).length === 0 && Date.now() < deadline) {
      await pause(RECORDING_INTERVAL_MS);
      await record();
    }
    const stale = recorded.at(-1)!;
    expect(valueOf(stale, "tsunagi_bridge_ready")).toBe(0);
    expect(samplesOf(stale, "tsunagi_bridge_ready", { reason: "projection_stale" })).toHaveLength(1);
    expect(valueOf(stale, "tsunagi_bridge_heartbeat_age_seconds")).toBeGreaterThan(1);
    expect((await stoppable.get("/readyz")).body).toMatchObject({ ready: false, reason: "projection_stale" });

    // The alert rules against what was recorded, the stale state then held as a stopped relay would leave it: quiet
    // while the relay ran, firing once the bridge has been stale for the rule's minute.
    const series = recordedSeries(recorded, ["tsunagi_bridge_ready", "tsunagi_bridge_heartbeat_age_seconds"], { job: "tsunagi-bridge", instance: "recorded" });
    const held = Math.ceil(120_000 / RECORDING_INTERVAL_MS);
    const rule = alertRule("TsunagiWithdrawalsNotReachingBridge");
    const firing = { severity: rule.labels.severity, job: "tsunagi-bridge", instance: "recorded", reason: "projection_stale" };
    const result = runPromtoolTest({
      rule_files: [RULES_FILE],
      evaluation_interval: `${RECORDING_INTERVAL_MS}ms`,
      tests: [
        {
          name: "recorded: the relay stops",
          interval: `${RECORDING_INTERVAL_MS}ms`,
          input_series: series.map(({ labels, values }) => ({ series: seriesSelector(labels), values: `${values.join(" ")} ${values.at(-1)}x${held}` })),
          alert_rule_test: [
            { eval_time: `${(running - 1) * RECORDING_INTERVAL_MS}ms`, alertname: rule.alert, exp_alerts: [] },
            {
              eval_time: `${(recorded.length + held - 1) * RECORDING_INTERVAL_MS}ms`,
              alertname: rule.alert,
              exp_alerts: [{ exp_labels: firing, exp_annotations: { summary: rule.annotations.summary.replace("{{ $labels.instance }}", "recorded"), runbook: rule.annotations.runbook } }],
            },
          ],
        },
      ],
    });
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain("SUCCESS");
  });
});

describe("the alert rules and the dashboard (ops/)", () => {
  it("pass promtool's check and their own unit tests, each alert firing on the series that breaks its promise", () => {
    const check = spawnSync(promtool(), ["check", "rules", RULES_FILE], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const tested = spawnSync(promtool(), ["test", "rules", path.join(OPS, "prometheus", "tsunagi-alerts.test.yml")], { encoding: "utf8" });
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    // Every rule has a test: an alert no test makes fire could never fire and nobody would know.
    const unitTests = readFileSync(path.join(OPS, "prometheus", "tsunagi-alerts.test.yml"), "utf8");
    for (const rule of alertRules()) expect(unitTests, rule.alert).toContain(`alertname: ${rule.alert}`);
  });

  it("name only metrics the processes serve, and point each alert at a section of the operations guide", async () => {
    const served = new Set((await (await fetch(metrics.url)).text()).split("\n").flatMap((line) => /^# TYPE (\S+) /.exec(line)?.[1] ?? []));
    const dashboard = readFileSync(path.join(OPS, "grafana", "tsunagi-dashboard.json"), "utf8");
    const named = new Set([...`${readFileSync(RULES_FILE, "utf8")}\n${dashboard}`.matchAll(/\b((?:tsunagi|process|nodejs)_[a-z_]+)/g)].map((match) => match[1]!.replace(/_(bucket|count|sum)$/, "")));
    expect(named.size).toBeGreaterThan(15);
    for (const name of named) expect(served, name).toContain(name);
    const guide = readFileSync(path.resolve(import.meta.dirname, "../../docs/operations.md"), "utf8");
    const anchors = new Set([...guide.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")));
    for (const rule of alertRules()) expect(anchors, `${rule.alert}: ${rule.annotations.runbook}`).toContain(rule.annotations.runbook.replace("docs/operations.md#", ""));
    // The dashboard is one Grafana can import: a title, a uid, panels that each query Prometheus.
    const parsed = JSON.parse(dashboard) as { uid: string; panels: { type: string; targets?: { expr: string }[] }[] };
    expect(parsed.uid).toBe("tsunagi-promises");
    for (const panel of parsed.panels.filter((candidate) => candidate.type !== "row")) expect(panel.targets?.length).toBeGreaterThan(0);
  });
});

const OPS = path.resolve(import.meta.dirname, "../../ops");
const RULES_FILE = path.join(OPS, "prometheus", "tsunagi-alerts.yml");
const RECORDING_INTERVAL_MS = 250;

interface AlertRule {
  alert: string;
  labels: { severity: string };
  annotations: { summary: string; runbook: string };
}

function alertRules(): AlertRule[] {
  const parsed = parseYaml(readFileSync(RULES_FILE, "utf8")) as { groups: { rules: AlertRule[] }[] };
  return parsed.groups.flatMap((group) => group.rules);
}

function alertRule(name: string): AlertRule {
  const rule = alertRules().find((candidate) => candidate.alert === name);
  if (!rule) throw new Error(`no alert rule ${name}`);
  return rule;
}

let promtoolPath: string | undefined;
function promtool(): string {
  return (promtoolPath ??= findDebianCommand("promtool", "prometheus", "the alert rules' tests"));
}

/** A promtool unit-test file (YAML, written as JSON, which YAML reads) run in a folder of its own. */
function runPromtoolTest(file: Record<string, unknown>): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagi-promtool-"));
  try {
    writeFileSync(path.join(dir, "recorded.test.yml"), JSON.stringify(file));
    const run = spawnSync(promtool(), ["test", "rules", "recorded.test.yml"], { cwd: dir, encoding: "utf8" });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each series of the named metrics across the scrapes, one value per scrape (`_` where a scrape had none), with `extra` labels. */
function recordedSeries(scrapes: readonly Sample[][], names: readonly string[], extra: Record<string, string>): { labels: Record<string, string>; values: string[] }[] {
  const keyed = new Map<string, { labels: Record<string, string>; values: string[] }>();
  scrapes.forEach((samples, index) => {
    for (const sample of samples) {
      if (!names.includes(sample.name)) continue;
      const labels = { __name__: sample.name, ...sample.labels, ...extra };
      const key = JSON.stringify(labels);
      const entry = keyed.get(key) ?? { labels, values: scrapes.map(() => "_") };
      entry.values[index] = String(sample.value);
      keyed.set(key, entry);
    }
  });
  return [...keyed.values()];
}

function seriesSelector(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  return `${name}{${Object.entries(rest).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(", ")}}`;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
