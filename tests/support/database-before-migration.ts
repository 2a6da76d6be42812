import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { applyMigrations, MIGRATIONS_DIR } from "../../prisma/migrations-engine";
import { createDatabase, dropDatabase, randomSuffix } from "../../scripts/lib/postgres";

/**
 * A new database as it stood before `migration`: every migration that precedes it applied, that one and the later
 * ones not. For a test of what a migration does to data written before it; `cleanup` drops the database and the
 * copied migrations. Apply the rest with `applyMigrations(url)`.
 */
export async function databaseBeforeMigration(db: { name: string; adminUrl: string }, migration: string): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const earlier = await mkdtemp(path.join(os.tmpdir(), "tsunagi-migrations-"));
  for (const entry of await readdir(MIGRATIONS_DIR, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name >= migration) continue;
    await cp(path.join(MIGRATIONS_DIR, entry.name), path.join(earlier, entry.name), { recursive: true });
  }
  const name = `${db.name}_m${randomSuffix(3)}`;
  const url = await createDatabase(db.adminUrl, name);
  const cleanup = async () => {
    await dropDatabase(db.adminUrl, name);
    await rm(earlier, { recursive: true, force: true });
  };
  const applied = await applyMigrations(url, { migrationsDir: earlier });
  if (applied.includes(migration)) throw new Error(`${migration} was applied to the database meant to stand before it`);
  return { url, cleanup };
}
