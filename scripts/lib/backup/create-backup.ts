/**
 * `npm run backup` (ADR 050): a consistent copy of the whole database, taken in one REPEATABLE READ READ ONLY
 * transaction, so every table, the row counts and the state checksum describe the same instant.
 *
 * - `pg_dump` method: when a pg_dump at least as new as the server exists, it dumps (custom format) the snapshot
 *   this transaction exports (`pg_dump --snapshot`), so its archive is the same instant as the manifest.
 * - `snapshot` method (the embedded PostgreSQL has no pg_dump, Debian's is older than it): every table is copied
 *   with `COPY … TO STDOUT` inside the transaction into one gzip file: a JSON header line holding the manifest,
 *   then per table a JSON line, its rows in COPY's text format and a `\.` line, then an end line. The schema is
 *   not in it: a restore rebuilds it with the project's own migrations, whose names and checksums the manifest
 *   records.
 *
 * Files are written under a `.partial` name and renamed; the .sha256 is written last, and only then are old
 * generations beyond BACKUP_GENERATIONS removed.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { spawn } from "node:child_process";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import {
  backupFileName,
  backupFilesOf,
  DEFAULT_GENERATIONS,
  rotateGenerations,
  writeChecksums,
  writePrivateFile,
  MIN_GENERATIONS,
  type BackupFiles,
  type BackupManifest,
  type BackupMethod,
} from "./backup-files";
import { columnList, qualified, readJobQueueMigrations, readMigrations, readSequences, readServerVersion, readTables } from "./catalogue";
import { findClientTool, majorOf, type ClientTool } from "./pg-client-tools";
import { computeStateChecksum } from "./state-checksum";

export interface CreateBackupOptions {
  /** The database to back up, as a user that may read every table (the migrating user; row security is not bypassed silently). */
  databaseUrl: string;
  /** Folder of the generations; created with mode 0700 when missing. */
  dir: string;
  /** Complete generations to keep, at least 3. Default 3. */
  generations?: number;
  /** Default `auto`: pg_dump when a new enough one exists, else the snapshot way. */
  method?: BackupMethod | "auto";
  now?: () => Date;
  log?: (line: string) => void;
}

export interface BackupResult {
  files: BackupFiles;
  manifest: BackupManifest;
  /** SHA-256 of the data file. */
  sha256: string;
  bytes: number;
  /** Data files of the generations rotated out. */
  removed: string[];
}

export const SNAPSHOT_FORMAT = "tsunagi-backup";

export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const generations = options.generations ?? DEFAULT_GENERATIONS;
  if (!Number.isInteger(generations) || generations < MIN_GENERATIONS) {
    throw new Error(`Refusing to keep fewer than ${MIN_GENERATIONS} backup generations (asked for ${generations}).`);
  }
  const log = options.log ?? (() => undefined);
  const dir = path.resolve(options.dir);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });

  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: "tsunagi-backup" });
  client.on("error", () => undefined);
  await client.connect();
  let files: BackupFiles | undefined;
  const partials: string[] = [];
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // The snapshot is taken by the first statement: export it first so that pg_dump, if used, sees exactly it.
    const exported = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    const snapshotId = exported.rows[0]!.id;
    const createdAt = (options.now ?? (() => new Date()))();
    // A table the user may not read in full is an error, never a silently shorter backup.
    await client.query("SET LOCAL row_security = off");
    await client.query("SET LOCAL statement_timeout = 0");

    const server = await readServerVersion(client);
    const method = await chooseMethod(options.method ?? "auto", majorOf(server.versionNum));
    const tables = await readTables(client);
    for (const table of tables) {
      const counted = await client.query<{ rows: string }>(`SELECT count(*)::text AS rows FROM ${qualified(table.schema, table.name)}`);
      table.rows = Number(counted.rows[0]!.rows);
    }
    const state = await computeStateChecksum(client);
    const manifest: BackupManifest = {
      format: SNAPSHOT_FORMAT,
      version: 1,
      method: method.method,
      createdAt: createdAt.toISOString(),
      database: (await client.query<{ name: string }>("SELECT current_database() AS name")).rows[0]!.name,
      server,
      pgDump: method.tool ? { path: method.tool.path, version: method.tool.version } : null,
      migrations: await readMigrations(client),
      jobQueueMigrations: await readJobQueueMigrations(client),
      ledger: { lastGlobalSeq: state.lastGlobalSeq, events: state.events, states: state.states },
      stateChecksum: state.checksum,
      tables,
      sequences: await readSequences(client),
    };

    files = backupFilesOf(path.join(dir, await freshName(dir, method.method, createdAt)));
    const dataPartial = `${files.data}.partial`;
    partials.push(dataPartial);
    log(`backing up ${manifest.database} (PostgreSQL ${server.version}) with ${method.method === "pg_dump" ? `pg_dump ${method.tool!.version}` : "one snapshot, table by table"} …`);
    if (method.method === "pg_dump") await runPgDump(method.tool!, options.databaseUrl, snapshotId, dataPartial);
    else await writeSnapshotArchive(client, manifest, dataPartial);
    await client.query("COMMIT");

    const manifestPartial = `${files.manifest}.partial`;
    partials.push(manifestPartial);
    await writePrivateFile(manifestPartial, `${JSON.stringify(manifest, null, 2)}\n`);
    await fs.rename(dataPartial, files.data);
    await fs.rename(manifestPartial, files.manifest);
    const sums = await writeChecksums(files);
    const bytes = (await fs.stat(files.data)).size;
    const removed = await rotateGenerations(dir, generations);
    return { files, manifest, sha256: sums.data, bytes, removed };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    for (const file of partials) await fs.rm(file, { force: true });
    // A generation without its .sha256 never counts; remove what this attempt renamed into place.
    if (files) for (const file of [files.checksums, files.data, files.manifest]) await fs.rm(file, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function chooseMethod(asked: BackupMethod | "auto", serverMajor: number): Promise<{ method: BackupMethod; tool: ClientTool | null }> {
  if (asked === "snapshot") return { method: "snapshot", tool: null };
  const tool = await findClientTool("pg_dump", serverMajor);
  if (tool) return { method: "pg_dump", tool };
  if (asked === "pg_dump") throw new Error(`BACKUP_METHOD=pg_dump, but there is no pg_dump of version ${serverMajor} or newer (on PATH or in /usr/lib/postgresql/*/bin).`);
  return { method: "snapshot", tool: null };
}

/** The name for now, moved on by a millisecond while a generation of that name exists. */
async function freshName(dir: string, method: BackupMethod, at: Date): Promise<string> {
  for (let offset = 0; ; offset++) {
    const name = backupFileName(method, new Date(at.getTime() + offset));
    const taken = await fs.stat(path.join(dir, name)).then(
      () => true,
      () => false,
    );
    if (!taken) return name;
  }
}

async function writeSnapshotArchive(client: pg.Client, manifest: BackupManifest, file: string): Promise<void> {
  const gzip = createGzip({ level: 6 });
  const output = createWriteStream(file, { mode: 0o600 });
  const done = pipeline(gzip, output);
  let failed: unknown;
  done.catch((error: unknown) => (failed = error));
  const write = async (chunk: string | Buffer) => {
    if (failed) throw failed;
    if (!gzip.write(chunk)) await Promise.race([once(gzip, "drain"), done]);
  };
  try {
    await write(`${JSON.stringify({ format: SNAPSHOT_FORMAT, version: 1, manifest })}\n`);
    for (const table of manifest.tables) {
      await write(`${JSON.stringify({ section: "table", schema: table.schema, name: table.name })}\n`);
      let rows = 0;
      let last = 10;
      const copy = client.query(copyTo(`COPY ${qualified(table.schema, table.name)} (${columnList(table)}) TO STDOUT`));
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        // COPY's text format escapes newlines inside values: every raw newline ends a row.
        for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) rows++;
        if (chunk.length > 0) last = chunk[chunk.length - 1]!;
        await write(chunk);
      }
      if (last !== 10 || rows !== table.rows) throw new Error(`COPY of ${table.schema}.${table.name} gave ${rows} rows, the snapshot counted ${table.rows}.`);
      await write("\\.\n");
    }
    await write(`${JSON.stringify({ section: "end", tables: manifest.tables.length })}\n`);
    gzip.end();
    await done;
    const handle = await fs.open(file, "r");
    await handle.sync().finally(() => handle.close());
  } catch (error) {
    gzip.destroy();
    await done.catch(() => undefined);
    throw error;
  }
}

/** Password out of the URL (a command line is visible to every user) and into PGPASSWORD. */
export function clientEnvironment(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(databaseUrl);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

export async function runClientTool(tool: ClientTool, args: string[], env: NodeJS.ProcessEnv, stdoutFile?: string): Promise<void> {
  const child = spawn(tool.path, args, { env, stdio: ["ignore", stdoutFile ? "pipe" : "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr = (stderr + text).slice(-4000)));
  const exited = once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>;
  const written = stdoutFile ? pipeline(child.stdout!, createWriteStream(stdoutFile, { mode: 0o600 })) : Promise.resolve();
  const [[code, signal]] = await Promise.all([exited, written]);
  if (code !== 0) throw new Error(`${path.basename(tool.path)} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`);
}

async function runPgDump(tool: ClientTool, databaseUrl: string, snapshotId: string, file: string): Promise<void> {
  const { url, env } = clientEnvironment(databaseUrl);
  await runClientTool(tool, ["--format=custom", `--snapshot=${snapshotId}`, "--no-password", `--dbname=${url}`], env, file);
  const handle = await fs.open(file, "r");
  try {
    const magic = Buffer.alloc(5);
    await handle.read(magic, 0, 5, 0);
    // Every custom-format archive starts so; anything else (an empty file from a wrapper that ran nothing) is no backup.
    if (magic.toString("latin1") !== "PGDMP") throw new Error(`${tool.path} exited 0 but wrote no pg_dump archive.`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
