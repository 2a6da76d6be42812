/**
 * The services' own PostgreSQL logins (ADR 055): one LOGIN role per service, a member of that service's role only
 * (tsunagi_app, tsunagi_relay, tsunagi_bridge, which the migrations make), with a password of its own. Made by the
 * database's owner (a role with CREATEROLE): `npm start` does it on one machine and hands each service its URL;
 * `npm run db:logins` does it for a deployment and prints the URLs to put in each service's DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import pg from "pg";
import { z } from "zod";
import { SERVICE_ROLES, type DatabaseService } from "@tsunagi/service-kit/database-login";
import { writePrivateFileAtomically } from "@tsunagi/service-kit/private-file.server";
import { databaseNameOf, withClient } from "./postgres";

export const SERVICES = Object.keys(SERVICE_ROLES) as DatabaseService[];

/**
 * The login a service connects as unless the operator names another: `<database>_<service>_login`
 * (`tsunagi_bridge_login` for the database `tsunagi`). Roles belong to the whole server, so two databases on one
 * server (the browser tests' workers, a drill beside production) get logins of their own and never reset each
 * other's passwords.
 */
export function defaultLogin(service: DatabaseService, ownerUrl: string): string {
  const database = databaseNameOf(ownerUrl).toLowerCase().replace(/[^a-z0-9_]/g, "_").replace(/^([^a-z_])/, "_$1");
  const suffix = `_${service}_login`;
  return `${database.slice(0, 63 - suffix.length)}${suffix}`;
}

export const LOGINS_FILE = "database-logins.json";

const LoginsFileSchema = z.object({
  version: z.literal(1),
  logins: z.partialRecord(z.enum(["app", "relay", "bridge"]), z.object({ login: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/), password: z.string().min(32) })),
});
type LoginsFile = z.infer<typeof LoginsFileSchema>;

export interface ServiceLogin {
  service: DatabaseService;
  login: string;
  /** DATABASE_URL for that service: the owner's URL with this login's name and password. */
  url: string;
}

/** The same server and database as `url`, as `login` with `password`. */
export function urlAs(url: string, login: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(login);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

async function readLoginsFile(file: string): Promise<LoginsFile> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, logins: {} };
    throw error;
  }
  const parsed = LoginsFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a logins file (${parsed.error.issues[0]?.message}); remove it and a new one is made.`);
  return parsed.data;
}

/**
 * Makes (or brings back into line) each service's login on the server of `ownerUrl`: LOGIN, the password kept in
 * `file` (made once, mode 0600; a new one with `rotate`), no superuser or role-making rights, member of its service's
 * role and of no other service's. Idempotent: run at every `npm start`. Returns each service's URL.
 */
export async function ensureServiceLogins(options: {
  ownerUrl: string;
  /** Where the passwords are kept (`$TSUNAGI_DATA_DIR/database-logins.json`); null: nowhere (the caller prints them). */
  file: string | null;
  services?: DatabaseService[];
  /** Login names other than `defaultLogin`'s, per service. */
  logins?: Partial<Record<DatabaseService, string>>;
  /** New passwords for these services (the old ones stop working at once; restart the service with the new URL). */
  rotate?: boolean;
}): Promise<ServiceLogin[]> {
  const stored = options.file ? await readLoginsFile(options.file) : { version: 1 as const, logins: {} };
  const wanted = options.services ?? SERVICES;
  const made: ServiceLogin[] = [];
  await withClient(options.ownerUrl, async (client) => {
    await client.query("BEGIN");
    try {
      for (const service of wanted) {
        const login = options.logins?.[service] ?? stored.logins[service]?.login ?? defaultLogin(service, options.ownerUrl);
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(login)) throw new Error(`A login name is lower-case letters, digits and _ (at most 63): ${JSON.stringify(login)}`);
        if ((Object.values(SERVICE_ROLES) as string[]).includes(login)) throw new Error(`${login} is a service's role, not a login: choose another name.`);
        const kept = stored.logins[service];
        const password = !options.rotate && kept?.login === login ? kept.password : randomBytes(24).toString("base64url");
        await provisionLogin(client, service, login, password);
        stored.logins[service] = { login, password };
        made.push({ service, login, url: urlAs(options.ownerUrl, login, password) });
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
  if (options.file) await writePrivateFileAtomically(options.file, `${JSON.stringify(stored, null, 2)}\n`);
  return made;
}

async function provisionLogin(client: pg.Client, service: DatabaseService, login: string, password: string): Promise<void> {
  const name = pg.escapeIdentifier(login);
  const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [login])).rowCount === 1;
  // A login, nothing more: it cannot make roles or databases, replicate, or pass row security.
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`;
  await client.query(exists ? `ALTER ROLE ${name} WITH ${attributes}` : `CREATE ROLE ${name} WITH ${attributes}`);
  await client.query(`GRANT ${pg.escapeIdentifier(SERVICE_ROLES[service])} TO ${name}`);
  for (const other of SERVICES.filter((candidate) => candidate !== service)) {
    const member = await client.query("SELECT pg_has_role($1, $2, 'MEMBER') AS member", [login, SERVICE_ROLES[other]]);
    if (member.rows[0]?.member) await client.query(`REVOKE ${pg.escapeIdentifier(SERVICE_ROLES[other])} FROM ${name}`);
  }
}
