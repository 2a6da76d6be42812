/**
 * Database migrations without native Prisma engines (see prisma/migrations-engine.ts).
 *
 *   tsx scripts/migrate.ts apply          apply pending migrations            (npm run db:migrate)
 *   tsx scripts/migrate.ts create <name>  write a migration for schema changes (npm run db:migrate:create -- <name>)
 *   tsx scripts/migrate.ts reset          drop, recreate and migrate the development database (npm run db:reset)
 *
 * The database is DATABASE_URL, or the embedded server under TSUNAGI_DATA_DIR (started for the command and
 * stopped afterwards, or reused when something else already runs it).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { checkpointLogPath } from "../app/domain/consent/index.server";
import { dataDir, getEnv } from "../app/env.server";
import {
  createDatabase,
  databaseNameOf,
  dropDatabase,
  ensurePostgres,
  redactUrl,
  type PostgresHandle,
} from "./lib/postgres";
import { applyMigrations, createMigration, listMigrations, MIGRATIONS_DIR } from "../prisma/migrations-engine";

const USAGE = `Usage:
  tsx scripts/migrate.ts apply           apply pending migrations
  tsx scripts/migrate.ts create <name>   create a migration from changes to prisma/schema.prisma
  tsx scripts/migrate.ts reset           development only: drop and recreate the database, apply all migrations`;

const say = (line: string) => console.log(line);
const note = (line: string) => console.log(`  ${line}`);

async function withDatabase<T>(run: (db: PostgresHandle) => Promise<T>): Promise<T> {
  const db = await ensurePostgres({ log: note });
  try {
    return await run(db);
  } finally {
    await db.stop();
  }
}

async function apply(): Promise<void> {
  await withDatabase(async (db) => {
    say(`Applying migrations to ${redactUrl(db.url)}`);
    const applied = await applyMigrations(db.url, { log: note });
    if (applied.length === 0) say("Database is up to date; no migrations to apply.");
    else for (const name of applied) say(`Applied ${name}`);
    // Short codes stored before ADR 013 as a bare SHA-256 are wrapped in the keyed hash, with the app secret.
    process.env.DATABASE_URL = db.url;
    const { rekeyLegacyCodeHashes } = await import("../app/domain/security/index.server");
    const { disconnectDatabase } = await import("../app/db.server");
    const { rekeyed } = await rekeyLegacyCodeHashes();
    await disconnectDatabase();
    if (rekeyed > 0) say(`Re-keyed ${rekeyed} stored code hash(es) (ADR 013).`);
  });
}

async function create(args: string[]): Promise<void> {
  const name = migrationNameFrom(args);
  if (!name) {
    throw new UsageError("create needs a migration name, e.g. `npm run db:migrate:create -- add_consent_records`");
  }
  await withDatabase(async (db) => {
    // The shadow database used to replay the existing migrations is created (and dropped) on this server.
    const created = await createMigration(db.url, name, { log: note });
    if (!created) {
      say("No changes: prisma/schema.prisma matches the existing migrations.");
      return;
    }
    say(`Created ${path.relative(process.cwd(), created.file)}`);
    say("Review it, then apply it with `npm run db:migrate`.");
  });
}

/** Accepts `create add_x`, `create --name add_x`, `create --name=add_x` and multi-word names. */
function migrationNameFrom(args: string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--name" || arg === "-n") words.push(args[++i] ?? "");
    else if (arg.startsWith("--name=")) words.push(arg.slice("--name=".length));
    else words.push(arg);
  }
  const name = words.join(" ").trim();
  return name === "" ? undefined : name;
}

async function reset(): Promise<void> {
  if (getEnv().NODE_ENV === "production") {
    throw new UsageError("Refusing to reset: NODE_ENV is production. reset drops every table and row.");
  }
  await withDatabase(async (db) => {
    const name = databaseNameOf(db.url);
    if (name === "postgres" || name.startsWith("template")) {
      throw new UsageError(`Refusing to reset the maintenance database "${name}"; point DATABASE_URL at an app database.`);
    }
    say(`Resetting database "${name}" on ${redactUrl(db.adminUrl)}`);
    await dropDatabase(db.adminUrl, name);
    await createDatabase(db.adminUrl, name);
    const applied = await applyMigrations(db.url, { log: note });
    say(`Recreated "${name}" and applied ${applied.length} migration(s)${applied.length ? ":" : "."}`);
    for (const migration of applied) note(migration);
    await setCheckpointLogAside();
    if (applied.length === 0 && (await listMigrations(MIGRATIONS_DIR)).length === 0) {
      note("prisma/migrations has no migrations yet; create one with `npm run db:migrate:create -- <name>`.");
    }
  });
}

/**
 * The ledger checkpoint log (ADR 012) vouches for the database just dropped; the new one starts its own. The old log
 * is kept under another name, not deleted: it is append-only evidence, and a reset is development only.
 */
async function setCheckpointLogAside(): Promise<void> {
  const log = checkpointLogPath({ logFile: getEnv().LEDGER_CHECKPOINT_LOG, dataDir: dataDir() });
  const aside = `${log}.reset-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  try {
    await fs.rename(log, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  note(`The ledger checkpoint log of the dropped database is kept as ${aside}`);
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "apply":
      case "deploy":
        await apply();
        return 0;
      case "create":
        await create(rest);
        return 0;
      case "reset":
        await reset();
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        say(USAGE);
        return command === undefined ? 2 : 0;
      default:
        console.error(`Unknown command ${JSON.stringify(command)}.\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    console.error(`Migration command failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

// Exit explicitly: the engine's and pg's handles must not keep the process alive, and the exit code must stick.
process.exit(await main(process.argv.slice(2)));
