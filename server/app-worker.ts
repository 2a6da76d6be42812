/**
 * One app process of the cluster (server/app-cluster.ts): waits for the primary's `start` message, serves the web
 * app on the shared port, and stops cleanly on `stop` (or when the primary goes away). It runs no relay, no
 * checkpointer and no scheduled job: the primary runs those, once.
 */
import cluster from "node:cluster";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { processMetrics, recordRequestMetrics } from "@tsunagi/service-kit/metrics";
import type { WorkerMetricsAnswer, WorkerPrepared, WorkerStart } from "./app-cluster";
import { startTracing } from "@tsunagi/service-kit/tracing";

if (cluster.isPrimary) throw new Error("server/app-worker.ts is started by startAppCluster, not run directly");

let server: Server | undefined;
let stopping = false;
/** The demo is still being prepared (`npm start`): the landing and sign-in pages say so (server/starting-page.ts). */
let preparing = false;

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (server) {
    const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }
  const { closeDatabaseConnections } = await import("../app/domain/lifecycle/index.server");
  await closeDatabaseConnections();
  process.exit(0);
}

process.on("message", (message: WorkerStart | WorkerPrepared | { type: "stop" } | { type: "metrics"; id: number }) => {
  if (message.type === "stop") void stop();
  // The primary serves the web app's metrics (ADR 169): this worker's registry, summed with the others'.
  if (message.type === "metrics") {
    const { id } = message;
    void processMetrics().then((metrics) => process.send?.({ type: "metrics", id, metrics } satisfies WorkerMetricsAnswer, undefined, {}, () => undefined));
  }
  if (message.type === "prepared") preparing = false;
  if (message.type !== "start") return;
  // Set before anything is awaited: a `prepared` sent after this start message is handled after this line.
  preparing = message.preparing;
  void (async () => {
    // Its requests by route, when the primary serves metrics (METRICS_PORT; the same environment as the primary's).
    if (process.env.METRICS_PORT) recordRequestMetrics("app");
    // The consent verbs' spans, each the root of its change's trace, when a collector is set (ADR 170).
    startTracing("tsunagi-app", { endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
    const { startAppServer } = await import("./app-server");
    server = await startAppServer({ mode: message.mode, port: message.port, host: message.host, hotReload: false, preparing: () => preparing });
    process.send!({ type: "ready", port: (server.address() as AddressInfo).port });
  })().catch((error: unknown) => {
    serviceLogger("app").fatal({ error: errorText(error) }, "app worker could not start");
    process.exit(1);
  });
});
process.send!({ type: "waiting" });
// The primary is gone (killed, crashed): nothing would ever stop this worker otherwise.
process.on("disconnect", () => void stop());
// Ctrl+C reaches the whole process group: finish the requests in hand rather than drop them; the primary waits.
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
