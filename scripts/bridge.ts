/**
 * `npm run bridge`: the pipeline bridge alone on a developer's machine. PostgreSQL is DATABASE_URL's, or the
 * embedded server `npm start` uses (started here if it is not running); then the bridge service itself
 * (pipeline-bridge/src/main.ts), which never starts a database (issue 12: no development code in services).
 */
import { ensurePostgres, redactUrl } from "./lib/postgres";

const postgres = await ensurePostgres({ log: (line) => console.log(`[bridge] ${line}`) });
console.log(`[bridge] PostgreSQL: ${redactUrl(postgres.url)}${postgres.embedded ? " (embedded)" : ""}`);
process.env.DATABASE_URL = postgres.url;
const { runBridge } = await import("../pipeline-bridge/src/main");
await runBridge({ databaseUrl: postgres.url, onStopped: () => postgres.stop() });
