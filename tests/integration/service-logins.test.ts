// Each service logs in as its own login (issue 17 item 5; ADR 055): `npm run db:logins` (and `npm start`) make one
// LOGIN role per service, a member of that service's role only; each service inspects its login at start and, in
// production, refuses a superuser, the schema's owner or a login that may act as another service; the relay works as
// its own role, which reads the outboxes and nothing else, and still delivers a withdrawal end to end.
import { spawn } from "node:child_process";
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../app/env.server";
import { checkDatabaseLogin } from "../../app/domain/lifecycle/check-database-login.server";
import { inspectLogin, loginProblem, SERVICE_ROLES } from "@tsunagi/service-kit/database-login";
import { defaultLogin, ensureServiceLogins, SERVICES, type ServiceLogin } from "../../scripts/lib/service-logins";
import { startLeadingOutboxRelay } from "@tsunagi/outbox-relay/start-outbox-relay";
import { useTestDatabase } from "../support/database";
import { commitConsentChange } from "../support/outbox-fixtures";
import { issueTestToken, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { ensureServicesBuild, servicesEntry } from "../../scripts/lib/services-build";

const db = useTestDatabase();
useTempDataDir();

let workDir: string;
let loginsFile: string;
let logins: ServiceLogin[];
const urlOf = (service: "app" | "relay" | "bridge") => logins.find((login) => login.service === service)!.url;

async function withConnection<T>(url: string, run: (client: pg.Client) => Promise<T>, options?: string): Promise<T> {
  const client = new pg.Client({ connectionString: url, options });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function withoutLogFile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LOG_FILE: _logFile, ...rest } = env;
  return rest;
}

const queryOf = (client: pg.Client) => async (text: string, values: unknown[]) => (await client.query(text, values)).rows as Record<string, unknown>[];

/** Whether the server holds `password` for `login`: its SCRAM-SHA-256 verifier (RFC 5802) recomputed from the password. */
async function serverHolds(login: string, password: string): Promise<boolean> {
  const stored = await withConnection(db.url, async (client) => (await client.query<{ hash: string | null }>("SELECT rolpassword AS hash FROM pg_authid WHERE rolname = $1", [login])).rows[0]?.hash);
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):/.exec(stored ?? "");
  if (!match) throw new Error(`${login} has no SCRAM verifier`);
  const salted = pbkdf2Sync(password, Buffer.from(match[2]!, "base64"), Number(match[1]), 32, "sha256");
  const storedKey = createHash("sha256").update(createHmac("sha256", salted).update("Client Key").digest()).digest("base64");
  return storedKey === match[3];
}

const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "tsunagi-logins-"));
  loginsFile = path.join(workDir, "database-logins.json");
  logins = await ensureServiceLogins({ ownerUrl: db.url, file: loginsFile });
});

afterAll(async () => {
  // Roles belong to the whole test server, which outlives this file's database.
  await withConnection(db.url, async (client) => {
    for (const login of logins ?? []) await client.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(login.login)}`).catch(() => undefined);
    await client.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(`${db.name}_extra_bridge`)}`).catch(() => undefined);
  });
  await fs.rm(workDir, { recursive: true, force: true });
});

describe("the services' own logins", () => {
  it("are made per service and database, each a member of its own service's role only, its password kept private", async () => {
    expect(logins.map((login) => login.service)).toEqual(SERVICES);
    expect(logins.map((login) => login.login)).toEqual(SERVICES.map((service) => defaultLogin(service, db.url)));
    expect(defaultLogin("bridge", "postgresql://u@h/tsunagi")).toBe("tsunagi_bridge_login");
    expect((await fs.stat(loginsFile)).mode & 0o777).toBe(0o600);
    for (const { service, login, url } of logins) {
      await withConnection(
        url,
        async (client) => {
          const { rows } = await client.query<{ session_user: string; current_user: string }>("SELECT session_user, current_user");
          expect(rows[0]).toEqual({ session_user: login, current_user: SERVICE_ROLES[service] });
          const inspection = await inspectLogin(queryOf(client), service);
          expect(inspection).toEqual({ login, superuser: false, ownsSchema: false, otherServices: [] });
          expect(loginProblem(inspection, service)).toBeNull();
        },
        `-c role=${SERVICE_ROLES[service]}`,
      );
    }
    // The role names in the code are the migrations' own.
    const roles = await withConnection(db.url, async (client) => (await client.query<{ rolname: string; rolcanlogin: boolean }>("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1", [Object.values(SERVICE_ROLES)])).rows);
    expect(roles).toEqual(Object.values(SERVICE_ROLES).sort().map((rolname) => ({ rolname, rolcanlogin: false })));
  });

  it("a login cannot become another service's role: the bridge's cannot act as the app, the app's not as the bridge", async () => {
    await expect(withConnection(urlOf("bridge"), async () => undefined, `-c role=${SERVICE_ROLES.app}`)).rejects.toThrow(/permission denied to set role/);
    await expect(withConnection(urlOf("relay"), async () => undefined, `-c role=${SERVICE_ROLES.app}`)).rejects.toThrow(/permission denied to set role/);
    await expect(withConnection(urlOf("app"), async () => undefined, `-c role=${SERVICE_ROLES.bridge}`)).rejects.toThrow(/permission denied to set role/);
  });

  it("the relay's role reads the outboxes and stamps deliveries, and nothing else: no identity, ledger, accounts or tokens", async () => {
    await commitConsentChange();
    await withConnection(
      urlOf("relay"),
      async (client) => {
        expect((await client.query(`SELECT count(*)::int AS n FROM "ConsentOutbox"`)).rows[0].n).toBeGreaterThan(0);
        await client.query(`UPDATE "ConsentOutbox" SET "attempts" = "attempts" WHERE false`);
        for (const sql of [
          `SELECT * FROM "ParticipantIdentity" LIMIT 1`,
          `SELECT * FROM "ConsentEvent" LIMIT 1`,
          `SELECT * FROM "ConsentState" LIMIT 1`,
          `SELECT * FROM "User" LIMIT 1`,
          `SELECT * FROM "ApiToken" LIMIT 1`,
          `SELECT * FROM bridge.subject LIMIT 1`,
          `UPDATE "ConsentOutbox" SET "payload" = '{}' WHERE false`,
          `DELETE FROM "ConsentOutbox" WHERE false`,
          `INSERT INTO "ConsentOutbox" ("globalSeq", "eventId", "pseudonym", "payload") VALUES (0, gen_random_uuid(), 'x', '{}')`,
        ]) {
          await expect(client.query(sql), sql).rejects.toMatchObject({ code: "42501" });
        }
      },
      `-c role=${SERVICE_ROLES.relay}`,
    );
  });

  it("a relay and a bridge each on its own login, both refusing any other, carry a consent change to a signed decision", async () => {
    const bridge: TestBridge = await startTestBridge(urlOf("bridge"), { requireOwnDatabaseLogin: true });
    const relay = await startLeadingOutboxRelay({
      bridgeUrl: bridge.url,
      relayToken: await issueTestToken(["bridge:ingest"]),
      heartbeatMs: 200,
      leaderCheckMs: 300,
      pollMs: 100,
      databaseUrl: urlOf("relay"),
      requireOwnDatabaseLogin: true,
    });
    try {
      const change = await commitConsentChange();
      const token = await issueTestToken(["gate:analyze"]);
      await expect
        .poll(async () => (await bridge.get(`/v1/subjects/${change.pseudonym}`, token)).status, { timeout: 15_000 })
        .toBe(200);
      await expect.poll(async () => (await fetch(`${bridge.url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    } finally {
      await relay.stop();
      await bridge.close();
    }
  }, 40_000);

  it("in production each service refuses to start on a login that is not its own, and names the way out", async () => {
    // The database's owner (the test server's superuser).
    await expect(startTestBridge(db.url, { requireOwnDatabaseLogin: true })).rejects.toThrow(/bridge connects to PostgreSQL as .*, a superuser: give it a login of its own, a member of tsunagi_bridge only \(npm run db:logins; ADR 055\)/);
    await expect(startLeadingOutboxRelay({ bridgeUrl: "http://127.0.0.1:9", relayToken: "unused", heartbeatMs: 1000, leaderCheckMs: 1000, databaseUrl: db.url, requireOwnDatabaseLogin: true })).rejects.toThrow(
      /relay connects to PostgreSQL as .*, a superuser/,
    );
    await expect(checkDatabaseLogin("app", { enforce: true })).rejects.toThrow(/app connects to PostgreSQL as .*, a superuser/);
    // A login that may also act as the app: refused for the bridge, and brought back into line by the next db:logins.
    const bridgeLogin = logins.find((login) => login.service === "bridge")!.login;
    await withConnection(db.url, (client) => client.query(`GRANT tsunagi_app TO ${pg.escapeIdentifier(bridgeLogin)}`));
    await expect(startTestBridge(urlOf("bridge"), { requireOwnDatabaseLogin: true })).rejects.toThrow(/which may also act as tsunagi_app/);
    logins = await ensureServiceLogins({ ownerUrl: db.url, file: loginsFile });
    const again = await startTestBridge(urlOf("bridge"), { requireOwnDatabaseLogin: true });
    await again.close();
    // The app's own login passes; outside production, a shared login is only warned of.
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = urlOf("app");
    resetEnvCache();
    try {
      await expect(checkDatabaseLogin("app", { enforce: true })).resolves.toMatchObject({ superuser: false, otherServices: [] });
    } finally {
      process.env.DATABASE_URL = previous;
      resetEnvCache();
    }
    await expect(checkDatabaseLogin("app", { enforce: false })).resolves.toMatchObject({ superuser: true });
  }, 40_000);

  it("the app service itself (server/main.ts) exits at once in production on the owner's login, saying why", async () => {
    // Compiled, as a deployment runs it (ADR 105).
    await ensureServicesBuild();
    const child = spawn(process.execPath, [servicesEntry("app")], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...withoutLogFile(process.env), NODE_ENV: "production", DATABASE_URL: db.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/could not start/);
    expect(output).toMatch(/a superuser: give it a login of its own, a member of tsunagi_app only/);
  }, 60_000);

  it("are idempotent, keep their passwords, rotate one on request, and a named extra login serves a second bridge site", async () => {
    const same = await ensureServiceLogins({ ownerUrl: db.url, file: loginsFile });
    expect(same.map((login) => login.url)).toEqual(logins.map((login) => login.url));
    for (const login of logins) expect(await serverHolds(login.login, passwordOf(login.url))).toBe(true);

    const [rotated] = await ensureServiceLogins({ ownerUrl: db.url, file: loginsFile, services: ["relay"], rotate: true });
    expect(rotated!.url).not.toBe(urlOf("relay"));
    expect(await serverHolds(rotated!.login, passwordOf(urlOf("relay")))).toBe(false);
    expect(await serverHolds(rotated!.login, passwordOf(rotated!.url))).toBe(true);
    expect(JSON.parse(await fs.readFile(loginsFile, "utf8")).logins.relay.password).toBe(passwordOf(rotated!.url));
    expect(await serverHolds(logins[0]!.login, passwordOf(urlOf("app")))).toBe(true);
    await withConnection(rotated!.url, async (client) => expect((await client.query("SELECT session_user")).rows[0].session_user).toBe(rotated!.login));
    logins = logins.map((login) => (login.service === "relay" ? rotated! : login));

    const [extra] = await ensureServiceLogins({ ownerUrl: db.url, file: null, services: ["bridge"], logins: { bridge: `${db.name}_extra_bridge` } });
    await withConnection(extra!.url, async (client) => expect((await inspectLogin(queryOf(client), "bridge")).otherServices).toEqual([]), `-c role=${SERVICE_ROLES.bridge}`);
    await expect(ensureServiceLogins({ ownerUrl: db.url, file: null, services: ["bridge"], logins: { bridge: "tsunagi_app" } })).rejects.toThrow(/is a service's role, not a login/);
    await expect(ensureServiceLogins({ ownerUrl: db.url, file: null, services: ["bridge"], logins: { bridge: "Robert'); DROP" } })).rejects.toThrow(/lower-case letters/);
  });
});
