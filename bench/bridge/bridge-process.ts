/**
 * Child process: the real pipeline bridge (startBridgeServer, as `npm run bridge` starts it) on a free port, with
 * its decision log and signing on, and the default 10 s staleness bound. Configured by BENCH_BRIDGE_DATABASE_URL and
 * BENCH_BRIDGE_DATA_DIR (where its signing keys are generated).
 */
import { bridgeDefaults } from "../../pipeline-bridge/src/bridge-config";
import { startBridgeServer } from "../../pipeline-bridge/src/server";
import { stopOnRequest } from "./child-process";

const bridge = await startBridgeServer({
  port: 0,
  databaseUrl: process.env.BENCH_BRIDGE_DATABASE_URL!,
  dataDir: process.env.BENCH_BRIDGE_DATA_DIR!,
  stalenessMs: 10_000,
  tokenCacheTtlMs: bridgeDefaults.tokenCacheTtlMs,
  decisionLogFlushMs: bridgeDefaults.decisionLogFlushMs,
  decisionLogMaxBuffered: bridgeDefaults.decisionLogMaxBuffered,
  databaseProbeMs: bridgeDefaults.databaseProbeMs,
  clock: Date.now,
});
stopOnRequest(() => bridge.close());
process.send!({ type: "ready", url: bridge.url, subjects: bridge.context.subjects.size });
