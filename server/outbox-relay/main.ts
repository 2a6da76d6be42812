/**
 * `npm run relay`: the outbox relay alone, for a deployment that runs it apart from the app. PostgreSQL is
 * DATABASE_URL's, or the embedded server `npm start` uses (started here if it is not running).
 */
import { disconnectDatabase } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { startOutboxRelayFromEnv } from "./start-outbox-relay";

const env = getEnv();
const postgres = await ensurePostgres();
process.env.DATABASE_URL = postgres.url;
const relay = await startOutboxRelayFromEnv(env);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await relay.stop();
  await disconnectDatabase();
  await postgres.stop();
  process.exit(0);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop());
