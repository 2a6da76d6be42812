/**
 * The job worker as a service in a deployment (ADR 031, 129), apart from the web app, with DATABASE_URL naming the
 * app's own login (ADR 055): compiled, `node build-services/current/worker.mjs` after `npm run services:build` (`npm
 * start -w services/job-worker` does both). One is enough; more are safe (graphile-worker locks each job it takes, and
 * the calendar's work is idempotent). On a developer's machine `npm start` runs it beside the others.
 */
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { checkDatabaseLogin } from "../../../app/domain/lifecycle/index.server";
import { parseJobWorkerEnv } from "./job-worker-env";
import { startJobWorker } from "./job-worker";
import { metricsSettingsOf, startServiceMetrics } from "@tsunagi/service-kit/metrics";

const log = serviceLogger("app");

if (!process.env.DATABASE_URL) {
  log.fatal("DATABASE_URL is not set. A deployment names its PostgreSQL (the app's own login); on a developer's machine `npm start` runs the job worker.");
  process.exit(1);
}
const env = parseJobWorkerEnv();
const worker = await checkDatabaseLogin("app", { enforce: env.NODE_ENV === "production" })
  .then(() => startJobWorker(env))
  .catch((error: unknown) => {
    log.fatal({ error: errorText(error) }, "job worker could not start");
    process.exit(1);
  });
log.info("job worker started");
// The queue's depth, its runs and mail's outcomes on METRICS_PORT (ADR 169).
const metrics = await startServiceMetrics("worker", metricsSettingsOf(env));
if (metrics) log.info({ url: metrics.url }, `metrics on ${metrics.url}`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker.stop().finally(() => process.exit(0));
  });
}
