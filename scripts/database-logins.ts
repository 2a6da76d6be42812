/**
 * `npm run db:logins`: each service's own PostgreSQL login (ADR 055), made or brought into line on DATABASE_URL's
 * server (run it as the database's owner, a role with CREATEROLE), or on the embedded server `npm start` uses. Prints
 * the DATABASE_URL each service is to be given; the passwords are also kept in $TSUNAGI_DATA_DIR/database-logins.json
 * (mode 0600) unless --print-only.
 *
 *   npm run db:logins                               all three: app, relay, bridge
 *   npm run db:logins -- bridge --rotate            a new password for the bridge's login (restart it with the new URL)
 *   npm run db:logins -- bridge --login bridge_osaka --print-only
 *                                                    another login for the bridge (a replica site of its own)
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { dataDir, getEnv } from "../app/env.server";
import type { DatabaseService } from "@tsunagi/service-kit/database-login";
import { ensurePostgres, redactUrl } from "./lib/postgres";
import { ensureServiceLogins, LOGINS_FILE, SERVICES } from "./lib/service-logins";

const usage = "usage: npm run db:logins -- [app|relay|bridge ...] [--rotate] [--login NAME (one service only)] [--print-only]";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { rotate: { type: "boolean" }, login: { type: "string" }, "print-only": { type: "boolean" }, help: { type: "boolean" } },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const unknown = positionals.filter((name) => !SERVICES.includes(name as DatabaseService));
if (unknown.length > 0 || (values.login && positionals.length !== 1)) {
  console.error(unknown.length > 0 ? `Unknown service ${unknown.join(", ")}: choose from ${SERVICES.join(", ")}.` : "--login names one service's login: name that service.");
  console.error(usage);
  process.exit(2);
}
const services = positionals.length > 0 ? (positionals as DatabaseService[]) : SERVICES;

const env = getEnv();
const postgres = await ensurePostgres({ log: (line) => console.error(`[db:logins] ${line}`) });
try {
  const file = values["print-only"] ? null : path.join(dataDir(env), LOGINS_FILE);
  const logins = await ensureServiceLogins({
    ownerUrl: postgres.url,
    file,
    services,
    rotate: values.rotate,
    logins: values.login ? { [services[0]!]: values.login } : undefined,
  });
  console.error(`[db:logins] on ${redactUrl(postgres.url)}${file ? `; passwords kept in ${file}` : ""}`);
  for (const login of logins) console.log(`${login.service.padEnd(6)} DATABASE_URL=${login.url}`);
} catch (error) {
  console.error(`[db:logins] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await postgres.stop();
}
