/**
 * The web app as a service in a deployment: `NODE_ENV=production node build-services/current/app.mjs` after `npm run
 * build` and `npm run services:build` (ADR 105), with the migrations applied by the database's owner (`npm run
 * db:migrate`) and DATABASE_URL naming the app's own login (`npm run db:logins`; ADR 055). It serves, and runs nothing
 * else: the job worker, the ledger checkpointer, the outbox relay and the pipeline bridge are services of their own
 * (services/, ADR 129; docs/operations.md). On one machine, `npm start` runs everything.
 */
import { getEnv } from "../app/env.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { startWebApp } from "./web-app";
import { metricsSettingsOf, startServiceMetrics } from "@tsunagi/service-kit/metrics";

const log = serviceLogger("app");

if (!process.env.DATABASE_URL) {
  log.fatal("DATABASE_URL is not set. A deployment names its PostgreSQL (the app's own login); on a developer's machine `npm start` provides one.");
  process.exit(1);
}
const app = await startWebApp(getEnv()).catch((error: unknown) => {
  log.fatal({ error: errorText(error) }, "could not start");
  process.exit(1);
});
log.info({ port: app.port, workers: app.workers }, "app service started");
// The web app's metrics (ADR 169): its workers' requests and mail, summed, and this process's own, on METRICS_PORT.
const metrics = await startServiceMetrics("app", metricsSettingsOf(getEnv()), () => app.workerMetrics());
if (metrics) log.info({ url: metrics.url }, `metrics on ${metrics.url}`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void app.stop().finally(() => process.exit(0));
  });
}
