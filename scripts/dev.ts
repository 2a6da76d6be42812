/**
 * `npm run dev`: like `npm start`, but Vite serves the app with hot reload instead of a production build.
 */
import path from "node:path";
import { ensureMailboxKey } from "../app/domain/mail/index.server";
import { getEnv } from "../app/env.server";
import { applyMigrations } from "../prisma/migrations-engine";
import { demoFilePath, seed } from "./seed";
import { edgeWarnings } from "../server/edge-warnings";
import { localUrlOf, reachOf } from "@tsunagi/service-kit/listen-address";
import { ensurePostgres, redactUrl } from "./lib/postgres";

const env = getEnv();
const postgres = await ensurePostgres({ log: (line) => console.log(`[tsunagi] ${line}`) });
process.env.DATABASE_URL = postgres.url;
await applyMigrations(postgres.url);
await seed({ appUrl: env.APP_URL, bridgeUrl: localUrlOf(env.BRIDGE_HOST, env.BRIDGE_PORT, "localhost") });
const { startAppServer } = await import("../server/app-server");
const { startBridgeFromEnv } = await import("../services/pipeline-bridge/src/run-bridge");
const { parseBridgeEnv } = await import("../services/pipeline-bridge/src/bridge-env");
await startAppServer({ mode: "development", port: env.PORT, host: env.HOST });
const bridge = await startBridgeFromEnv(parseBridgeEnv(process.env), { databaseUrl: postgres.url });
const { startOutboxRelayFromEnv } = await import("@tsunagi/outbox-relay/start-outbox-relay");
const { parseRelayEnv } = await import("@tsunagi/outbox-relay/relay-env");
const { resolveRelayToken } = await import("../server/relay-token");
const relay = await startOutboxRelayFromEnv(parseRelayEnv(process.env), { relayToken: await resolveRelayToken(env) });
const { startLedgerCheckpointerFromEnv } = await import("@tsunagi/ledger-checkpointer/ledger-checkpointer");
const { parseCheckpointerEnv } = await import("@tsunagi/ledger-checkpointer/checkpointer-env");
const checkpointer = await startLedgerCheckpointerFromEnv(parseCheckpointerEnv(process.env));
// The job worker (ADR 031, 129): consent PDF copies, queued mail, the transparency schedule and the calendar's work.
const { startJobWorker } = await import("@tsunagi/job-worker/job-worker");
const { parseJobWorkerEnv } = await import("@tsunagi/job-worker/job-worker-env");
const jobWorker = await startJobWorker(parseJobWorkerEnv(process.env));
console.log(`[tsunagi] development server on ${env.APP_URL}, ${reachOf(env.HOST, "HOST")} (bridge :${env.BRIDGE_PORT}, ${reachOf(env.BRIDGE_HOST, "BRIDGE_HOST")}); PostgreSQL ${redactUrl(postgres.url)}`);
console.log(`[tsunagi] demo sign-ins: ${demoFilePath()} — mail: ${path.join(path.dirname(demoFilePath()), "mail")}`);
if (!env.SMTP_URL) console.log(`[tsunagi] mailbox: ${env.APP_URL}/dev/mailbox?key=${ensureMailboxKey()}`);
for (const warning of edgeWarnings(env)) console.warn(`[tsunagi] Warning: ${warning}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void relay.stop().then(() => checkpointer.stop()).then(() => jobWorker.stop()).then(() => bridge.close()).then(() => postgres.stop()).then(() => process.exit(0)));
}
