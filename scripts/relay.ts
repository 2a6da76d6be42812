/**
 * `npm run relay`: the outbox relay alone on a developer's machine. PostgreSQL is DATABASE_URL's, or the embedded
 * server `npm start` uses (started here if it is not running); then the relay service itself
 * (server/outbox-relay/main.ts), which never starts a database (issue 12: no development code in services).
 */
import { ensurePostgres } from "./lib/postgres";

const postgres = await ensurePostgres();
process.env.DATABASE_URL = postgres.url;
const { runRelay } = await import("../server/outbox-relay/main");
await runRelay({ onStopped: () => postgres.stop() });
