/**
 * `npm run dev`: like `npm start`, but Vite serves the app with hot reload instead of a production build.
 */
import path from "node:path";
import { getEnv } from "../app/env.server";
import { applyMigrations } from "../prisma/migrations-engine";
import { demoFilePath, seed } from "../prisma/seed";
import { ensurePostgres, redactUrl } from "./lib/postgres";

const env = getEnv();
const postgres = await ensurePostgres({ log: (line) => console.log(`[tsunagi] ${line}`) });
process.env.DATABASE_URL = postgres.url;
await applyMigrations(postgres.url);
await seed({ appUrl: env.APP_URL, bridgeUrl: `http://localhost:${env.BRIDGE_PORT}` });
const { startAppServer } = await import("../server/app-server");
const { startBridgeServer } = await import("../pipeline-bridge/src/server");
const { bridgeConfigFromEnv } = await import("../pipeline-bridge/src/bridge-config");
await startAppServer({ mode: "development", port: env.PORT });
const bridge = await startBridgeServer(bridgeConfigFromEnv(env, { databaseUrl: postgres.url }));
const { startOutboxRelayFromEnv } = await import("../server/outbox-relay/start-outbox-relay");
const relay = await startOutboxRelayFromEnv(env);
console.log(`[tsunagi] development server on ${env.APP_URL} (bridge :${env.BRIDGE_PORT}); PostgreSQL ${redactUrl(postgres.url)}`);
console.log(`[tsunagi] demo sign-ins: ${demoFilePath()} — mail: ${path.join(path.dirname(demoFilePath()), "mail")}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void relay.stop().then(() => bridge.close()).then(() => postgres.stop()).then(() => process.exit(0)));
}
