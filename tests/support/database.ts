/**
 * A real, private PostgreSQL database for one test file.
 *
 *   const db = useTestDatabase();          // at the top level of the file (or inside a describe)
 *   it("...", async () => { getDatabase().user.create(...) });   // app code follows process.env.DATABASE_URL
 *   it("...", async () => { new pg.Client(db.url) ... });
 *
 * Before the file's tests (beforeAll) it clones the migrated template from tests/support/global-setup.ts with
 * CREATE DATABASE … TEMPLATE …, which takes a fraction of a second, and points process.env.DATABASE_URL at the
 * copy; afterwards (afterAll) it restores DATABASE_URL and drops the copy. Tests within the file share the
 * database, so they should not depend on each other's rows (use unique emails and the like).
 */
import { afterAll, beforeAll, inject } from "vitest";
import { resetEnvCache } from "../../app/env.server";
import { createDatabase, dropDatabase, randomSuffix } from "../../scripts/lib/postgres";

export interface TestDatabase {
  /** Connection URL of this file's database (available from beforeAll on). */
  readonly url: string;
  /** Its name. */
  readonly name: string;
  /** Maintenance URL of the test server, for tests that need more databases. */
  readonly adminUrl: string;
  /** The migrated template database, to clone with createDatabase(adminUrl, name, template). */
  readonly template: string;
}

export function useTestDatabase(): TestDatabase {
  let current: { url: string; name: string } | undefined;
  let previousUrl: string | undefined;
  const context = () => {
    const value = inject("tsunagiTestDatabase");
    if (!value) throw new Error("No test database: vitest.config.ts must list tests/support/global-setup.ts as globalSetup.");
    return value;
  };

  beforeAll(async () => {
    const { adminUrl, template, prefix } = context();
    const name = `${prefix}${randomSuffix(6)}`;
    const url = await createDatabase(adminUrl, name, template);
    current = { url, name };
    previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    resetEnvCache();
  });

  afterAll(async () => {
    if (!current) return;
    const { name } = current;
    current = undefined;
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    resetEnvCache();
    await closeAppClient();
    await dropDatabase(context().adminUrl, name);
  });

  const need = () => {
    if (!current) throw new Error("The test database exists only while the file's tests run (from beforeAll on).");
    return current;
  };
  return {
    get url() {
      return need().url;
    },
    get name() {
      return need().name;
    },
    get adminUrl() {
      return context().adminUrl;
    },
    get template() {
      return context().template;
    },
  };
}

/**
 * The app's Prisma client (app/db.server.ts) keeps a pool to whatever DATABASE_URL was; close it before the
 * database goes away. If the file never loaded it, this loads it and finds nothing to close.
 */
async function closeAppClient(): Promise<void> {
  try {
    // The database client and pool, and the watch on the visa keys: the next file in this worker has its own (issue 26).
    const { releaseProcessResources } = await import("../../app/domain/lifecycle/release-process-resources.server");
    await releaseProcessResources();
  } catch {
    // client not generated or not importable: nothing can have connected through it
  }
}
