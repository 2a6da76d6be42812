/**
 * The ledger checkpointer as a service in a deployment (ADR 106, 129), apart from the web app, with DATABASE_URL naming
 * the app's own login (the checkpoint is the consent concept's work, done as the app's role): compiled, `node
 * build-services/current/checkpointer.mjs` after `npm run services:build` (`npm start -w services/ledger-checkpointer`
 * does both). One is enough; more are safe (an advisory lock lets one write at a time). On a developer's machine `npm
 * start` runs it beside the others.
 */
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { checkDatabaseLogin } from "../../../app/domain/lifecycle/index.server";
import { parseCheckpointerEnv } from "./checkpointer-env";
import { startLedgerCheckpointerFromEnv } from "./ledger-checkpointer";
import { metricsSettingsOf, startServiceMetrics } from "@tsunagi/service-kit/metrics";

const log = serviceLogger("checkpointer");

if (!process.env.DATABASE_URL) {
  log.fatal("DATABASE_URL is not set. A deployment names its PostgreSQL (the app's own login); on a developer's machine `npm start` runs the checkpointer.");
  process.exit(1);
}
const env = parseCheckpointerEnv();
const checkpointer = await checkDatabaseLogin("app", { enforce: env.NODE_ENV === "production" })
  .then(() => startLedgerCheckpointerFromEnv(env))
  .catch((error: unknown) => {
    log.fatal({ error: errorText(error) }, "could not start");
    process.exit(1);
  });
// Its checkpoints' and the witness's times on METRICS_PORT (ADR 169).
const metrics = await startServiceMetrics("checkpointer", metricsSettingsOf(env));
if (metrics) log.info({ url: metrics.url }, `metrics on ${metrics.url}`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void checkpointer.stop().finally(() => process.exit(0));
  });
}
