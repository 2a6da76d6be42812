/**
 * Runs the pipeline bridge until SIGINT or SIGTERM: the service's entry (`main.ts`) and, on a developer's machine,
 * `npm run bridge` (scripts/bridge.ts, after starting the embedded PostgreSQL) call it.
 */
import { parseBridgeEnv, type BridgeEnv } from "./bridge-env";
import { localUrlOf, reachOf } from "@tsunagi/service-kit/listen-address";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { bridgeConfigFromEnv } from "./bridge-config";
import { startBridgeServer, type RunningBridge } from "./server";
import { metricsSettingsOf, startServiceMetrics } from "@tsunagi/service-kit/metrics";
import { startTracing } from "@tsunagi/service-kit/tracing";

/** The bridge as its settings say, on the database login given: what `runBridge` runs, and `npm start` beside the app. */
export function startBridgeFromEnv(env: BridgeEnv, options: { databaseUrl: string }): Promise<RunningBridge> {
  return startBridgeServer(bridgeConfigFromEnv(env, { databaseUrl: options.databaseUrl }));
}

export async function runBridge(options: { databaseUrl: string; onStopped?: () => Promise<void> }): Promise<void> {
  const env = parseBridgeEnv(process.env);
  // Each consent change applied, in the change's trace, when OTEL_EXPORTER_OTLP_ENDPOINT is set (ADR 170).
  startTracing("tsunagi-bridge", { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const bridge = await startBridgeFromEnv(env, { databaseUrl: options.databaseUrl }).catch(async (error: unknown) => {
    serviceLogger("bridge").fatal({ error: errorText(error) }, "could not start");
    await options.onStopped?.();
    process.exit(1);
  });
  serviceLogger("bridge").info(
    { url: localUrlOf(env.BRIDGE_HOST, env.BRIDGE_PORT, "localhost"), reach: reachOf(env.BRIDGE_HOST, "BRIDGE_HOST") },
    `Pipeline bridge on ${localUrlOf(env.BRIDGE_HOST, env.BRIDGE_PORT, "localhost")}, ${reachOf(env.BRIDGE_HOST, "BRIDGE_HOST")} (GET /readyz, /openapi.json)`,
  );
  // Its decisions, its changes' lag and its health on METRICS_PORT (ADR 169).
  const metrics = await startServiceMetrics("bridge", metricsSettingsOf(env));
  if (metrics) serviceLogger("bridge").info({ url: metrics.url }, `metrics on ${metrics.url}`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      void bridge
        .close()
        .then(() => options.onStopped?.())
        .finally(() => process.exit(0));
    });
  }
}
