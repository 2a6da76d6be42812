/**
 * Each benchmark suite runs in a database of its own, created fresh and migrated, with its own data folder, and
 * leaves nothing behind: the process's DATABASE_URL and TSUNAGI_DATA_DIR point at them while `run` runs (the app's
 * domain functions read them), and are put back after. One definition for the web, bridge and recontact suites.
 *
 * BENCH_DATABASE_PREFIX, when set, is put before every such database's name, so that runs sharing a PostgreSQL server
 * cannot drop each other's databases: the smoke tests (tests/support/bench-smoke.ts) give each run a prefix of its own,
 * the test run's, so the run's teardown also drops whatever a killed bench left behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { disconnectDatabase } from "../app/db.server";
import { resetEnvCache } from "../app/env.server";
import { applyMigrations } from "../prisma/migrations-engine";
import { createDatabase, dropDatabase } from "../scripts/lib/postgres";

/**
 * The benches' own embedded PostgreSQL, when DATABASE_URL is not set: `.data/bench` on this port. Below the browser
 * tests' servers' ports (54331 + 10 × slot + worker, tests/e2e/support/e2e-servers.ts) and `npm start`'s (54329): a
 * bench's server still running (a run stopped by hand, or still going) once took the second browser-test server's
 * port, 54332, and that server could not start.
 */
export const BENCH_POSTGRES_PORT = 54328;

export interface BenchDatabase {
  databaseUrl: string;
  dataDir: string;
  /** The database's name on the server (`name` with BENCH_DATABASE_PREFIX before it). */
  name: string;
}

export async function withBenchDatabase<T>(adminUrl: string, unprefixed: string, run: (bench: BenchDatabase) => Promise<T>, options: { migrationsDir?: string } = {}): Promise<T> {
  const name = `${process.env.BENCH_DATABASE_PREFIX ?? ""}${unprefixed}`;
  const previousUrl = process.env.DATABASE_URL;
  const previousDataDir = process.env.TSUNAGI_DATA_DIR;
  const dataDir = mkdtempSync(path.join(tmpdir(), `${name.replace(/_/g, "-")}-`));
  await dropDatabase(adminUrl, name);
  const databaseUrl = await createDatabase(adminUrl, name);
  try {
    await applyMigrations(databaseUrl, options);
    process.env.DATABASE_URL = databaseUrl;
    process.env.TSUNAGI_DATA_DIR = dataDir;
    resetEnvCache();
    return await run({ databaseUrl, dataDir, name });
  } finally {
    await disconnectDatabase();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    if (previousDataDir === undefined) delete process.env.TSUNAGI_DATA_DIR;
    else process.env.TSUNAGI_DATA_DIR = previousDataDir;
    resetEnvCache();
    await dropDatabase(adminUrl, name);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
