/**
 * `npm run bridge`: the pipeline bridge alone on a developer's machine. PostgreSQL is DATABASE_URL's, or the
 * embedded server `npm start` uses (started here if it is not running); the bridge's own login is made there (ADR 055)
 * and the bridge service itself (services/pipeline-bridge/src/run-bridge.ts), which never starts a database (issue 12: no development
 * code in services), connects with it.
 */
import path from "node:path";
import { dataDir } from "../app/env.server";
import { ensurePostgres, redactUrl } from "./lib/postgres";
import { ensureServiceLogins, LOGINS_FILE } from "./lib/service-logins";

const postgres = await ensurePostgres({ log: (line) => console.log(`[bridge] ${line}`) });
console.log(`[bridge] PostgreSQL: ${redactUrl(postgres.url)}${postgres.embedded ? " (embedded)" : ""}`);
const [login] = await ensureServiceLogins({ ownerUrl: postgres.url, file: path.join(dataDir(), LOGINS_FILE), services: ["bridge"] });
console.log(`[bridge] connecting as ${login!.login}`);
process.env.DATABASE_URL = login!.url;
const { runBridge } = await import("../services/pipeline-bridge/src/run-bridge");
await runBridge({ databaseUrl: login!.url, onStopped: () => postgres.stop() });
