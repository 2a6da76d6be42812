/**
 * Child process: the real pipeline bridge (startBridgeServer, as `npm run bridge` starts it) on a free port, with
 * its decision log and signing on, and the default 10 s staleness bound (BENCH_BRIDGE_STALENESS_MS another). Configured by BENCH_BRIDGE_DATABASE_URL and
 * BENCH_BRIDGE_DATA_DIR (where its signing keys are generated); with BENCH_BRIDGE_NATS_URL it also follows the consent stream
 * there (and takes the app's direct publish, ADR 159), as a bridge of `npm start` with NATS_URL does. With METRICS_PORT
 * set (0: any free port) it records and serves its metrics as the service's entry does (ADR 169): what they cost.
 */
import { bridgeDefaults } from "../../services/pipeline-bridge/src/bridge-config";
import { startBridgeServer } from "../../services/pipeline-bridge/src/server";
import { startServiceMetrics } from "@tsunagi/service-kit/metrics";
import { profileOnRequest, stopOnRequest } from "./child-process";

const bridge = await startBridgeServer({
  port: 0,
  databaseUrl: process.env.BENCH_BRIDGE_DATABASE_URL!,
  dataDir: process.env.BENCH_BRIDGE_DATA_DIR!,
  // BENCH_BRIDGE_STALENESS_MS: a longer bound where a long request under a loaded machine would outlast it.
  stalenessMs: Number(process.env.BENCH_BRIDGE_STALENESS_MS ?? 10_000),
  tokenCacheTtlMs: bridgeDefaults.tokenCacheTtlMs,
  decisionLogFlushMs: bridgeDefaults.decisionLogFlushMs,
  decisionLogMaxBuffered: bridgeDefaults.decisionLogMaxBuffered,
  databaseProbeMs: bridgeDefaults.databaseProbeMs,
  clock: Date.now,
  consentStream: process.env.BENCH_BRIDGE_NATS_URL ? { natsUrl: process.env.BENCH_BRIDGE_NATS_URL, replicaId: "bench" } : undefined,
});
const metrics = process.env.METRICS_PORT ? await startServiceMetrics("bridge", { port: Number(process.env.METRICS_PORT), host: "127.0.0.1" }) : undefined;
stopOnRequest(async () => {
  await metrics?.close();
  await bridge.close();
});
profileOnRequest();
process.send!({ type: "ready", url: bridge.url, subjects: bridge.context.subjects.size });
