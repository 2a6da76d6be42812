/**
 * `npm run relay`: the outbox relay alone on a developer's machine. PostgreSQL is DATABASE_URL's, or the embedded
 * server `npm start` uses (started here if it is not running); the relay's own login is made there (ADR 055) and the
 * relay service itself (services/outbox-relay/src/run-relay.ts), which never starts a database (issue 12: no development code in
 * services), connects with it.
 */
import path from "node:path";
import { dataDir, getEnv, resetEnvCache } from "../app/env.server";
import { ensurePostgres } from "./lib/postgres";
import { ensureServiceLogins, LOGINS_FILE } from "./lib/service-logins";

const postgres = await ensurePostgres();
process.env.DATABASE_URL = postgres.url;
// Its API token, issued through the app's role while this script holds the owner's URL: the relay's own login cannot
// issue one (ADR 055), as a deployed relay cannot and is given RELAY_TOKEN.
const { resolveRelayToken } = await import("../server/relay-token");
process.env.RELAY_TOKEN ??= await resolveRelayToken(getEnv());
const [login] = await ensureServiceLogins({ ownerUrl: postgres.url, file: path.join(dataDir(), LOGINS_FILE), services: ["relay"] });
process.env.DATABASE_URL = login!.url;
resetEnvCache();
const { closeDatabaseConnections } = await import("../app/domain/lifecycle/index.server");
await closeDatabaseConnections();
const { runRelay } = await import("@tsunagi/outbox-relay/run-relay");
await runRelay({ onStopped: () => postgres.stop() });
