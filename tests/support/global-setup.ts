/**
 * Vitest global setup: one PostgreSQL server for the run and a template database with every migration applied.
 *
 * - Server: DATABASE_URL when set (it needs CREATEDB rights), else the embedded server with its cluster in
 *   <TSUNAGI_DATA_DIR>/test (.data/test) on port 54330, apart from the development one. A test server already
 *   running there (another test run) is shared.
 * - Template: `tsunagi_tpl_<pid>_<random>`, created and migrated afresh for every run, so the migrations
 *   themselves are tested each time, and dropped at the end.
 * - Test files call useTestDatabase() (tests/support/database.ts), which clones the template.
 * - The app's production build (build/), which tests that serve the app use (tests/support/app-server.ts): built here
 *   when its inputs changed since it was last built, else reused (scripts/lib/app-build.ts; `npm test` builds it in
 *   an earlier step, beside the typecheck and lint).
 * - NATS: NATS_URL when set, else a private nats-server with JetStream for the run (tests/support/nats-server.ts);
 *   test files reach it with natsUrlForTests() (tests/support/nats-url.ts).
 */
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { dataDir } from "../../app/env.server";
import { applyMigrations } from "../../prisma/migrations-engine";
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
  randomSuffix,
  stopEmbeddedServer,
  withDatabase,
} from "../../scripts/lib/postgres";
import { ensureAppBuild } from "../../scripts/lib/app-build";
import { processRuns } from "../../scripts/lib/process-runs";
import { watchLoopStalls } from "./loop-stalls";
import { startNatsServer, type NatsTestServer } from "./nats-server";

export const TEST_POSTGRES_PORT = 54330;

export interface TestDatabaseContext {
  /** Maintenance-database URL of the test server (CREATE/DROP DATABASE go through it). */
  adminUrl: string;
  /** Name of the migrated template database to clone. */
  template: string;
  /** Prefix for the databases of this run: `tsunagi_t_<pid>_`. */
  prefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    tsunagiTestDatabase: TestDatabaseContext;
  }
}

const TEMPLATE_PREFIX = "tsunagi_tpl_";
const DATABASE_PREFIX = "tsunagi_t_";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const lines: string[] = [];
  // The main process answers every worker's RPCs: a stall here would hold them all (tests/support/loop-stalls.ts).
  watchLoopStalls("main");
  // TSUNAGI_TEST_KEEP_BUILD=1 keeps whatever build/ holds, for iterating on tests that call routes directly while
  // sources change; `npm test` and CI never set it.
  if (process.env.TSUNAGI_TEST_KEEP_BUILD !== "1") await ensureAppBuild({ log: (line) => console.log(`[test setup] ${line}`) });
  const testDataDir = path.join(dataDir(), "test");
  const server = await ensurePostgres({
    dataDir: testDataDir,
    port: TEST_POSTGRES_PORT,
    database: "postgres",
    durable: false,
    log: (line) => lines.push(line),
  });
  const { adminUrl } = server;

  // Databases left behind by earlier runs that died (their process is gone). Only meaningful for a server on
  // this machine, where the pid in the name refers to a local process.
  if (server.embedded) await dropOrphans(adminUrl);

  const template = `${TEMPLATE_PREFIX}${process.pid}_${randomSuffix()}`;
  try {
    await createDatabase(adminUrl, template);
    await applyMigrations(withDatabase(adminUrl, template), { log: (line) => lines.push(line) });
    // No sessions may be connected to a template while it is copied; refuse them outright.
    await sql(adminUrl, `ALTER DATABASE ${pg.escapeIdentifier(template)} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
  } catch (error) {
    await dropDatabase(adminUrl, template).catch(() => undefined);
    await server.stop();
    throw new Error(`Test database setup failed: ${(error as Error).message}\n${lines.join("\n")}`, { cause: error });
  }

  let nats: NatsTestServer | undefined;
  try {
    if (!process.env.NATS_URL) nats = await startNatsServer();
  } catch (error) {
    await dropDatabase(adminUrl, template).catch(() => undefined);
    await server.stop();
    throw error;
  }
  project.provide("tsunagiNatsUrl", process.env.NATS_URL ?? nats!.url);

  const prefix = `${DATABASE_PREFIX}${process.pid}_`;
  project.provide("tsunagiTestDatabase", { adminUrl, template, prefix });
  if (process.env.TSUNAGI_TEST_VERBOSE) {
    console.log(`[test db] ${lines.join("; ")} — template ${template} ready in ${Date.now() - started} ms`);
  }

  return async function teardown() {
    await nats?.dispose();
    // Databases of this run that a crashed or interrupted worker did not drop, then the template.
    const leftovers = await databaseNames(adminUrl, prefix).catch(() => []);
    for (const name of [...leftovers, template]) await dropDatabase(adminUrl, name).catch(() => undefined);
    if (!server.embedded) return;
    // Another test run may share this server: leave it running for that run rather than pull it away. The
    // last run to finish stops it, whether it started it or found it running.
    if (await otherRunsActive(adminUrl)) server.detach();
    else {
      await server.stop();
      await stopEmbeddedServer(testDataDir).catch(() => undefined);
    }
  };
}

async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function databaseNames(adminUrl: string, prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const result = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [prefix],
    );
    return result.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

/** The pid embedded in a run's database name, e.g. tsunagi_tpl_1234_ab12cd34 → 1234. */
function runPid(name: string): number | undefined {
  const match = /^tsunagi_(?:tpl|t)_(\d+)_/.exec(name);
  return match ? Number(match[1]) : undefined;
}

async function dropOrphans(adminUrl: string): Promise<void> {
  const names = [...(await databaseNames(adminUrl, TEMPLATE_PREFIX)), ...(await databaseNames(adminUrl, DATABASE_PREFIX))];
  for (const name of names) {
    const pid = runPid(name);
    if (pid !== undefined && pid !== process.pid && !processRuns(pid)) {
      await dropDatabase(adminUrl, name).catch(() => undefined);
    }
  }
}

async function otherRunsActive(adminUrl: string): Promise<boolean> {
  const names = await databaseNames(adminUrl, TEMPLATE_PREFIX).catch(() => []);
  return names.some((name) => {
    const pid = runPid(name);
    return pid !== undefined && pid !== process.pid && processRuns(pid);
  });
}
