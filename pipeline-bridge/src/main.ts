/**
 * `npm run bridge`: the pipeline bridge alone, on BRIDGE_PORT. Its database is DATABASE_URL or the embedded
 * server under TSUNAGI_DATA_DIR (started if needed); migrations are the app's job (`npm run db:migrate`).
 */
import { getEnv } from "../../app/env.server";
import { ensurePostgres, redactUrl } from "../../scripts/lib/postgres";
import { localUrlOf, reachOf } from "../../server/http/listen-address";
import { bridgeConfigFromEnv } from "./bridge-config";
import { startBridgeServer } from "./server";

const env = getEnv();
const postgres = await ensurePostgres({ log: (line) => console.log(`[bridge] ${line}`) });
console.log(`[bridge] PostgreSQL: ${redactUrl(postgres.url)}${postgres.embedded ? " (embedded)" : ""}`);
const bridge = await startBridgeServer(bridgeConfigFromEnv(env, { databaseUrl: postgres.url })).catch(async (error: unknown) => {
  console.error(`[bridge] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await postgres.stop();
  process.exit(1);
});
console.log(`Pipeline bridge on ${localUrlOf(env.BRIDGE_HOST, env.BRIDGE_PORT, "localhost")}, ${reachOf(env.BRIDGE_HOST, "BRIDGE_HOST")} (GET /readyz, /openapi.json)`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void bridge
      .close()
      .then(() => postgres.stop())
      .finally(() => process.exit(0));
  });
}
