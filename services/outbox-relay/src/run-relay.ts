/**
 * Runs the outbox relay until SIGINT or SIGTERM: the service's entry (`main.ts`) and, on a developer's machine,
 * `npm run relay` (scripts/relay.ts, after starting the embedded PostgreSQL) call it.
 */
import { parseRelayEnv } from "./relay-env";
import { startOutboxRelayFromEnv } from "./start-outbox-relay";
import { metricsSettingsOf, startServiceMetrics } from "@tsunagi/service-kit/metrics";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { startTracing } from "@tsunagi/service-kit/tracing";

export async function runRelay(options: { onStopped?: () => Promise<void> } = {}): Promise<void> {
  const env = parseRelayEnv();
  // Each consent change's step through the relay, in the change's trace, when OTEL_EXPORTER_OTLP_ENDPOINT is set (ADR 170).
  startTracing("tsunagi-relay", { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const relay = await startOutboxRelayFromEnv(env);
  // Its lag, waiting rows and deliveries on METRICS_PORT (ADR 169).
  const metrics = await startServiceMetrics("relay", metricsSettingsOf(env));
  if (metrics) serviceLogger("relay").info({ url: metrics.url }, `metrics on ${metrics.url}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await relay.stop();
    await options.onStopped?.();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop());
}
