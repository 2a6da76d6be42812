/**
 * The pipeline bridge's benchmarks (part of `npm run bench`; alone: `npx tsx bench/bridge/run-bridge-benchmarks.ts`).
 * Each run gets a fresh database `tsunagi_bench_bridge` on the benchmark server, migrated, dropped afterwards.
 *   1. decisions over HTTP, bridge beside a bare server     3. withdrawal propagation, commit → the gate denies
 *   2. batch decisions in-process                           4. a 100,000-sample release, filtered and signed
 *   5. a study's question about 100,000 pseudonyms, on the release's bridge (study-invitations-over-http.ts)
 *   5. a new replica's catch-up from the stream against a restart, and 6. two replicas' decisions beside one's
 *      (run-capacity-benchmarks.ts: its own database, a private NATS server, real replica processes)
 * BENCH_BRIDGE_ONLY=<part,…> runs only those parts (bench/suites.ts names them): `in-process` (2), `decisions` (1),
 * `invitations` (4 and the study's 5), `propagation` (3), `capacity` (the replicas' 5 and 6).
 * Servers under load run as child processes (child-process.ts); this process generates load and measures.
 */
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { BENCH_POSTGRES_PORT, withBenchDatabase } from "../bench-database";
import { bridgeNodeFlags } from "../../services/pipeline-bridge/src/node-flags";
import { startChild, type BenchChild } from "./child-process";
import { tracePostgresSettings } from "./trace-pauses";
import { benchmarkDecisionsInProcess } from "./decisions-in-process";
import { benchmarkDecisionsOverHttp } from "./decisions-over-http";
import { benchmarkReleaseOverHttp } from "./release-over-http";
import { seedBridgeProjection } from "./seed-bridge-projection";
import { seedConsentedParticipants } from "./seed-consented-participants";
import { pause } from "./figures";
import { runCapacityBenchmarks } from "./run-capacity-benchmarks";
import { benchmarkWithdrawalPropagation } from "./withdrawal-propagation";
import { benchmarkDirectPublish } from "./direct-publish-propagation";
import { startNatsServer } from "../../tests/support/nats-server";
import { benchmarkStudyInvitationsOverHttp } from "./study-invitations-over-http";
import { sized, sizedFromEnv } from "../smoke";
import { bridgeParts, type BridgePart } from "../suites";

/** BENCH_BRIDGE_DATABASE: another name, when two runs share a server. */
const BENCH_DATABASE = process.env.BENCH_BRIDGE_DATABASE ?? "tsunagi_bench_bridge";

/**
 * The parts BENCH_BRIDGE_ONLY names (comma-separated), or all: `propagation` is benchmark 3 alone (the consent verb
 * and commit → deny), `invitations` the release (4) and the study question (5) beside it, and so on (bench/suites.ts).
 */
function partsToRun(): ReadonlySet<BridgePart> {
  const asked = process.env.BENCH_BRIDGE_ONLY?.split(",").map((part) => part.trim()).filter(Boolean) ?? [];
  const unknown = asked.filter((part) => !bridgeParts.includes(part as BridgePart));
  if (unknown.length > 0) throw new Error(`BENCH_BRIDGE_ONLY names no part ${unknown.join(", ")}: choose from ${bridgeParts.join(", ")} (unset: all).`);
  return new Set(asked.length > 0 ? (asked as BridgePart[]) : bridgeParts);
}
/** BENCH_BRIDGE_SUBJECTS: the projection's size, and the release's (part `invitations` at 1,000,000 is issue 60's release). */
const PROJECTION_SUBJECTS = sizedFromEnv("BENCH_BRIDGE_SUBJECTS", 100_000, 2_000);
/** Withdrawn through withdrawConsent itself (the PDF copy is a job since issue 13), then by its transaction: enough
 * for 10 s at 200/s, the rate the driver is paced at, so a phase never runs out of participants before its time. */
const VERB_PARTICIPANTS = sized(2_000, 40);
const TRANSACTION_PARTICIPANTS = sized(2_000, 40);
/** Then 4 s of the verb one at a time and 4 s of the same transaction in Prisma's, for the uncontended cost of an append. */
const SEQUENTIAL_PARTICIPANTS = sized(800, 20);
/** Before them all, 8 s of changes (half through each path) to warm the system up, not reported: the first seconds after
 * the cohort's seeding ran at twice the median propagation whichever path went first (RESULTS.md, 2026-11-30). */
const WARMUP_PARTICIPANTS = sized(1_600, 20);
/** Issue 58: then 1,000 stops of provision at the same pace, their commit → deny beside the withdrawal's. */
const STOP_PARTICIPANTS = sized(1_000, 20);
/**
 * Issue 60 Deliver 3b (ADR 159): then the bridge on NATS, the verb with the app's direct publish off and on: 4 s of
 * warm-up and four phases of 5 s at 200/s (off, on, on, off).
 */
const DIRECT_WARMUP_PARTICIPANTS = sized(800, 20);
const DIRECT_PHASE_PARTICIPANTS = sized(1_000, 20);
export const gateScopes = ["gate:sequence", "gate:analyze", "gate:store", "gate:share", "gate:release", "gate:distribute_specimen", "gate:return_primary", "gate:return_secondary", "gate:recontact", "gate:events", "gate:datasets"] as const;

interface BridgeUnderTest {
  url: string;
  subjects: number;
}

function startBridgeChild(databaseUrl: string, dataDir: string, natsUrl?: string): Promise<BenchChild<BridgeUnderTest>> {
  // A million subjects take the bridge minutes to load on a shared machine (compare-releases.ts allows ten).
  return startChild<BridgeUnderTest>(
    "bridge-process.ts",
    { BENCH_BRIDGE_DATABASE_URL: databaseUrl, BENCH_BRIDGE_DATA_DIR: dataDir, ...(natsUrl ? { BENCH_BRIDGE_NATS_URL: natsUrl } : {}) },
    PROJECTION_SUBJECTS > 100_000 ? 600_000 : 60_000,
    bridgeNodeFlags,
  );
}

/** Stands in for the relay's heartbeat (once a second, as the relay sends it) while no relay runs. */
export async function keepFresh(bridgeUrl: string, ingestToken: string): Promise<() => void> {
  // Consent's and, for releases under an approval (ADR 041), the approval outbox's.
  const beatAt = (path: string) =>
    fetch(`${bridgeUrl}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ingestToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ relayId: "bench-heartbeat", highWaterMark: "0", sentAt: new Date().toISOString() }),
    }).then(
      (response) => response.body?.cancel(),
      () => undefined,
    );
  const beat = () => Promise.all([beatAt("/internal/v1/heartbeat"), beatAt("/internal/v1/approval-heartbeat")]);
  await beat();
  const timer = setInterval(() => void beat(), 1_000);
  return () => clearInterval(timer);
}

/** Waits until the bridge allows `analyze` for every sample (the relay has delivered every grant); returns seconds. */
async function untilAllowed(bridgeUrl: string, gateToken: string, samples: string[], timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  const body = JSON.stringify({ requests: samples.map((subject) => ({ subject, action: "analyze", purpose: "DUO:0000006" })) });
  for (;;) {
    const response = await fetch(`${bridgeUrl}/v1/decisions`, { method: "POST", headers: { Authorization: `Bearer ${gateToken}`, "Content-Type": "application/json" }, body });
    const answer = (await response.json()) as { decisions?: { allowed: boolean; reason: string }[] };
    const refused = answer.decisions?.filter((decision) => !decision.allowed) ?? [];
    if (response.status === 200 && refused.length === 0) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error(`the bridge still refuses ${refused.length} of the cohort's samples (first: ${refused[0]?.reason ?? response.status})`);
    await pause(200);
  }
}

export async function runBridgeBenchmarks(adminUrl: string, print: (text: string) => void = (text) => console.log(text)): Promise<void> {
  const runs = partsToRun();
  print("Pipeline bridge");
  print("---------------");
  if (runs.has("in-process")) await benchmarkDecisionsInProcess(print);

  if (runs.has("decisions") || runs.has("invitations") || runs.has("propagation")) await withBenchDatabase(adminUrl, BENCH_DATABASE, async ({ databaseUrl, dataDir }) => {
    const children: BenchChild<unknown>[] = [];
    try {
      const seedStarted = performance.now();
      await seedBridgeProjection(databaseUrl, PROJECTION_SUBJECTS);
      const gateToken = (await issueApiToken({ name: "bench pipeline", scopes: [...gateScopes], createdById: null })).token;
      const ingestToken = (await issueApiToken({ name: "bench relay", scopes: ["bridge:ingest"], createdById: null })).token;

      if (runs.has("decisions") || runs.has("invitations")) await benchmarkDecisionsAndRelease({ databaseUrl, dataDir, gateToken, ingestToken, children, print, seedStarted, runs });
      if (!runs.has("propagation")) return;

      const cohortStarted = performance.now();
      const directCount = DIRECT_WARMUP_PARTICIPANTS + 4 * DIRECT_PHASE_PARTICIPANTS;
      const everyone = await seedConsentedParticipants(WARMUP_PARTICIPANTS + VERB_PARTICIPANTS + TRANSACTION_PARTICIPANTS + SEQUENTIAL_PARTICIPANTS + STOP_PARTICIPANTS + directCount);
      const seededIn = (performance.now() - cohortStarted) / 1000;
      // The last of them are benchmark 3b's, on NATS after it.
      const split = everyone.participantIds.length - directCount;
      const cohort = { ...everyone, participantIds: everyone.participantIds.slice(0, split), sampleCodes: everyone.sampleCodes.slice(0, split) };
      const directCohort = { ...everyone, participantIds: everyone.participantIds.slice(split), sampleCodes: everyone.sampleCodes.slice(split) };
      const propagationBridge = await startBridgeChild(databaseUrl, dataDir);
      children.push(propagationBridge);
      const relay = await startChild("relay-process.ts", { DATABASE_URL: databaseUrl, BENCH_RELAY_BRIDGE_URL: propagationBridge.ready.url, BENCH_RELAY_TOKEN: ingestToken });
      children.push(relay);
      const caughtUpIn = await untilAllowed(propagationBridge.ready.url, gateToken, cohort.sampleCodes);
      print(`   (cohort: ${cohort.participantIds.length.toLocaleString("en-US")} participants granted in the ledger in ${seededIn.toFixed(1)} s; relay → bridge caught up ${caughtUpIn.toFixed(1)} s later)`);
      await benchmarkWithdrawalPropagation({ databaseUrl, bridgeUrl: propagationBridge.ready.url, gateToken, cohort, relay, bridge: propagationBridge, verbParticipants: VERB_PARTICIPANTS, transactionParticipants: TRANSACTION_PARTICIPANTS, warmupParticipants: WARMUP_PARTICIPANTS, stopParticipants: STOP_PARTICIPANTS, print });
      await relay.stop();
      await propagationBridge.stop();

      // 3b: the bridge as `npm start` with NATS_URL runs it, on a private nats-server (ADR 159).
      const nats = await startNatsServer();
      try {
        const natsBridge = await startBridgeChild(databaseUrl, dataDir, nats.url);
        children.push(natsBridge);
        const natsRelay = await startChild("relay-process.ts", { DATABASE_URL: databaseUrl, BENCH_RELAY_BRIDGE_URL: natsBridge.ready.url, BENCH_RELAY_TOKEN: ingestToken, BENCH_RELAY_NATS_URL: nats.url });
        children.push(natsRelay);
        const streamCaughtUpIn = await untilAllowed(natsBridge.ready.url, gateToken, directCohort.sampleCodes);
        print(`   (a private nats-server; the relay published the outbox to JetStream and the bridge followed it in ${streamCaughtUpIn.toFixed(1)} s)`);
        await benchmarkDirectPublish({ databaseUrl, natsUrl: nats.url, bridgeUrl: natsBridge.ready.url, gateToken, cohort: directCohort, warmupParticipants: DIRECT_WARMUP_PARTICIPANTS, phaseParticipants: DIRECT_PHASE_PARTICIPANTS, print });
        await natsRelay.stop();
        await natsBridge.stop();
      } finally {
        await Promise.all(children.map((child) => child.stop()));
        await nats.dispose();
      }
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  });

  if (runs.has("capacity")) await runCapacityBenchmarks(adminUrl, { print });
}

/** Benchmarks 1, 4 and 5 (those of them `runs` holds): decisions over HTTP beside a bare node:http server, a release and a study's question, on the seeded projection. */
async function benchmarkDecisionsAndRelease(options: { databaseUrl: string; dataDir: string; gateToken: string; ingestToken: string; children: BenchChild<unknown>[]; print: (text: string) => void; seedStarted: number; runs: ReadonlySet<BridgePart> }): Promise<void> {
  const { databaseUrl, dataDir, gateToken, ingestToken, children, print, seedStarted, runs } = options;
  const bridge = await startBridgeChild(databaseUrl, dataDir);
  children.push(bridge);
  print(`   (projection: ${bridge.ready.subjects.toLocaleString("en-US")} subjects written to bridge.subject/bridge.sample and loaded by the bridge at start, ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)\n`);
  const stopBeating = await keepFresh(bridge.ready.url, ingestToken);
  try {
    if (runs.has("decisions")) {
      const bare = await startChild<{ url: string }>("bare-server-process.ts", { BENCH_BARE_SUBJECTS: String(PROJECTION_SUBJECTS) });
      children.push(bare);
      await benchmarkDecisionsOverHttp({ bridgeUrl: bridge.ready.url, bareUrl: bare.ready.url, subjects: PROJECTION_SUBJECTS, gateToken, bridgePid: bridge.process.pid, barePid: bare.process.pid, print });
      await bare.stop();
    }
    if (runs.has("invitations")) {
      // At a million (BENCH_BRIDGE_SUBJECTS), as the scale suite runs it: each release waits for the last one's 900,000
      // per-sample rows and a database at rest, or its INSERT queues behind them.
      const releaseMedianMs = await benchmarkReleaseOverHttp({ bridgeUrl: bridge.ready.url, gateToken, ingestToken, samples: PROJECTION_SUBJECTS, print, databaseUrl: PROJECTION_SUBJECTS > 100_000 ? databaseUrl : undefined });
      // A study's question names at most 100,000 pseudonyms (MAX_INVITATION_PSEUDONYMS): at a million it asks about the first 100,000.
      await benchmarkStudyInvitationsOverHttp({ bridgeUrl: bridge.ready.url, gateToken, ingestToken, databaseUrl, subjects: Math.min(PROJECTION_SUBJECTS, 100_000), releaseMedianMs, print });
    }
  } finally {
    stopBeating();
  }
  await bridge.stop();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const postgres = await ensurePostgres({ dataDir: path.resolve(".data/bench"), port: BENCH_POSTGRES_PORT, settings: tracePostgresSettings() });
  console.log(`Tsunagi bridge benchmarks — ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}\n`);
  try {
    await runBridgeBenchmarks(postgres.adminUrl);
  } finally {
    await postgres.stop();
  }
}
