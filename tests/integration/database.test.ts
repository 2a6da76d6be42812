import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, createMigration, discardEngine, listMigrations, MIGRATIONS_DIR } from "../../prisma/migrations-engine";
import { createDatabase, dropDatabase } from "../../scripts/lib/postgres";
import { useTestDatabase } from "../support/database";
import { queryRows } from "../support/sql";

const query = queryRows;

const insertUser = (url: string, email: string) =>
  query(
    url,
    `INSERT INTO "User" ("id", "email", "displayName", "role", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'Test User', 'participant', now())`,
    [email],
  );

const seen: { name: string; adminUrl: string }[] = [];

describe("a test database", () => {
  const db = useTestDatabase();

  beforeAll(() => {
    seen.push({ name: db.name, adminUrl: db.adminUrl });
  });

  it("is a real PostgreSQL database that DATABASE_URL points at", async () => {
    expect(process.env.DATABASE_URL).toBe(db.url);
    const [row] = await query<{ name: string }>(db.url, "SELECT current_database() AS name");
    expect(row?.name).toBe(db.name);
  });

  it("has every migration applied", async () => {
    const [user] = await query<{ table: string | null }>(db.url, `SELECT to_regclass('public."User"')::text AS "table"`);
    expect(user?.table).toBe('"User"');

    const applied = await query<{ migration_name: string }>(
      db.url,
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
    );
    const onDisk = await listMigrations();
    expect(onDisk.length).toBeGreaterThan(0);
    expect(applied.map((row) => row.migration_name)).toEqual(onDisk);
  });

  it("applying the migrations again changes nothing", async () => {
    expect(await applyMigrations(db.url)).toEqual([]);
    const [count] = await query<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM _prisma_migrations");
    expect(count?.n).toBe((await listMigrations()).length);
  });

  // After a panic the engine is set aside and the next call loads a new instance in the same process. wasm-bindgen's
  // glue keeps views of the first instance's memory, so a second instance on the same glue read garbage and crashed
  // ("memory access out of bounds"): each instance now gets its glue anew (issue 26, found when test files began to
  // share a process).
  it("migrates a new database with a fresh engine after the one in use was set aside, as after a panic", async () => {
    const fresh = `${db.name}_e`;
    const url = await createDatabase(db.adminUrl, fresh);
    try {
      expect(await applyMigrations(db.url)).toEqual([]);
      discardEngine();
      expect(await applyMigrations(url)).toEqual(await listMigrations());
      discardEngine();
      expect(await applyMigrations(url)).toEqual([]);
    } finally {
      await dropDatabase(db.adminUrl, fresh);
    }
  });

  // Migrations are sometimes written by hand (the append-only grants and triggers); the schema Prisma's client is
  // generated from must still describe exactly what they build, or queries fail at run time. This is also what
  // `npm run db:migrate:create` does, which stopped working when a migration first touched Prisma's own table.
  it("describe exactly what prisma/schema.prisma says: creating a migration finds nothing to write", async () => {
    const copy = await mkdtemp(path.join(os.tmpdir(), "tsunagi-migrations-"));
    try {
      await cp(MIGRATIONS_DIR, copy, { recursive: true });
      const created = await createMigration(db.adminUrl, "drift", { migrationsDir: copy });
      expect(created?.sql ?? null, "the schema differs from what the migrations build").toBeNull();
      expect((await readdir(copy)).sort()).toEqual((await readdir(MIGRATIONS_DIR)).sort());
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 60_000);

  it("accepts writes", async () => {
    await insertUser(db.url, "first-file@example.test");
    const rows = await query(db.url, `SELECT 1 FROM "User" WHERE email = $1`, ["first-file@example.test"]);
    expect(rows).toHaveLength(1);
  });
});

describe("another useTestDatabase()", () => {
  const db = useTestDatabase();

  beforeAll(() => {
    seen.push({ name: db.name, adminUrl: db.adminUrl });
  });

  it("is a different database, cloned from the clean template", async () => {
    expect(db.name).not.toBe(seen[0]?.name);
    expect(process.env.DATABASE_URL).toBe(db.url);
    const rows = await query(db.url, `SELECT 1 FROM "User" WHERE email = $1`, ["first-file@example.test"]);
    expect(rows).toHaveLength(0);
  });

  it("does not see writes made in a database cloned alongside it", async () => {
    // Two databases alive at once: a write to one is invisible in the other.
    const sibling = `${db.name}_sib`;
    const siblingUrl = await createDatabase(db.adminUrl, sibling, db.template);
    try {
      await insertUser(siblingUrl, "sibling@example.test");
      expect(await query(siblingUrl, `SELECT 1 FROM "User"`)).toHaveLength(1);
      expect(await query(db.url, `SELECT 1 FROM "User" WHERE email = $1`, ["sibling@example.test"])).toHaveLength(0);
    } finally {
      await dropDatabase(db.adminUrl, sibling);
    }
  });
});

describe("when a describe block with useTestDatabase() has finished", () => {
  it("its database has been dropped and DATABASE_URL restored", async () => {
    expect(seen).toHaveLength(2);
    const names = seen.map((entry) => entry.name);
    const left = await query(seen[0]!.adminUrl, "SELECT datname FROM pg_database WHERE datname = ANY($1)", [names]);
    expect(left).toEqual([]);
    expect(names.some((name) => process.env.DATABASE_URL?.includes(name))).toBe(false);
  });
});
