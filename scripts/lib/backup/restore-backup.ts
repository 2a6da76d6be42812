/**
 * `npm run restore -- <backup>` (ADR 050): a backup into a fresh database, then the proof that it holds the
 * original's consent history up to the backup's point.
 *
 * Before anything is written: both files' SHA-256 against the .sha256 beside them, the manifest's shape, the whole
 * archive read through (every section, every row count, the end line; for a .pgdump `pg_restore --list`), that this
 * code's migrations are the backup's (snapshot method: the schema is rebuilt from them), and that the target is
 * empty. Then:
 * - snapshot method: the project's migrations into the fresh database, its tables and columns compared with the
 *   backup's, and in one transaction (`session_replication_role = replica`, so no trigger — the append-only ones
 *   included — nor foreign-key check fires for rows that satisfied them when copied) every table emptied of what the
 *   migrations seeded, every table's rows copied back and every sequence set to its backed-up position;
 * - pg_dump method: `pg_restore --single-transaction --exit-on-error --no-owner`.
 * Afterwards: every table's row count against the manifest; ADR 008's ledger verification (both chains, every
 * verification code, every consent state the replay of its events) and, given the checkpoint log and keys, that the
 * restored ledger and audit log extend every signed checkpoint the backup knew of (ADR 012); and the state checksum
 * recomputed and compared with the one taken inside the backup's snapshot.
 */
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isDeepStrictEqual } from "node:util";
import { createGunzip } from "node:zlib";
import { createHash } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../../app/generated/prisma/client";
import { verifyLedger, type LedgerVerdict } from "../../../app/domain/consent/index.server";
import { verifyAuditLog } from "../../../app/domain/consent/index.server";
import { verifyCheckpointLog } from "../../../app/domain/consent/index.server";
import { readCheckpointLog } from "../../../app/domain/consent/index.server";
import type { LedgerCheckpoint } from "../../../app/domain/consent/index.server";
import type { PublicCheckpointJwk } from "../../../app/domain/consent/index.server";
import { describeVerdict } from "../../ledger-verify";
import { applyMigrations, listMigrations, MIGRATIONS_DIR } from "../../../prisma/migrations-engine";
import { createDatabase, databaseNameOf, dropDatabase, withClient, withDatabase } from "../postgres";
import { backupFilesOf, checkChecksums, dataFileOf, ManifestSchema, methodOfDataFile, type BackupManifest, type BackupTable } from "./backup-files";
import { columnList, countUserRelations, qualified, readJobQueueMigrations, readMigrations, readServerVersion, readTables } from "./catalogue";
import { clientEnvironment, runClientTool, SNAPSHOT_FORMAT } from "./create-backup";
import { findClientTool, majorOf } from "./pg-client-tools";
import { computeStateChecksum, type StateChecksum } from "./state-checksum";

/** The backup was not restored: nothing was written (or what was created was dropped again). */
export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

export interface RestoreOptions {
  /** The data file, or its .sha256 or .manifest.json. */
  file: string;
  /** An empty (or missing) database to restore into. Default: a new `tsunagi_restore_<time>` on `serverUrl`'s server. */
  targetUrl?: string;
  /** Any database URL on the server where the new database is created when `targetUrl` is not given. */
  serverUrl?: string;
  /** ADR 012's checkpoint log and public keys: the restored history must extend every checkpoint the backup held. */
  checkpoints?: { logFile: string; publicJwks: { keys: PublicCheckpointJwk[] } | null } | null;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RestoreCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface RestoreResult {
  /** Every check below held. */
  ok: boolean;
  targetUrl: string;
  database: string;
  manifest: BackupManifest;
  checks: RestoreCheck[];
  ledger: LedgerVerdict;
  stateChecksum: StateChecksum;
  /** Checkpoints in the log past the backup's point, and the participants whose consent changed after it. */
  after: { checkpoints: number; participantIds: string[] } | null;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const files = backupFilesOf(dataFileOf(options.file));

  // 1. Nothing is written until the files are proved whole.
  const sums = await checkChecksums(files);
  if (!sums.ok) {
    throw new RestoreRefused(
      sums.problem === "checksum_mismatch"
        ? `${sums.file} does not match its SHA-256 in ${path.basename(files.checksums)} (expected ${sums.expected}, found ${sums.actual}): the file is damaged or was altered. Restore another generation.`
        : `${sums.problem.replace(/_/g, " ")}: ${sums.file}`,
    );
  }
  log(`checksums match (${path.basename(files.data)}: ${sums.data})`);
  let manifest: BackupManifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await fs.readFile(files.manifest, "utf8")));
  } catch (error) {
    throw new RestoreRefused(`${files.manifest} is not a backup manifest: ${(error as Error).message}`);
  }
  if (manifest.method !== methodOfDataFile(files.data)) throw new RestoreRefused(`${files.data}: the manifest says ${manifest.method}, the file name says otherwise.`);

  // 2. The archive read through, and what restoring it needs.
  let pgRestore: Awaited<ReturnType<typeof findClientTool>> = null;
  if (manifest.method === "snapshot") {
    const code = await codeMigrations();
    if (!isDeepStrictEqual(code, manifest.migrations)) {
      throw new RestoreRefused(
        `The backup's schema is that of other migrations than this code's (${describeDifference(manifest.migrations, code)}). ` +
          "Restore with the release that took the backup (its prisma/migrations), then upgrade by starting the new release.",
      );
    }
    await scanSnapshotArchive(files.data, manifest);
  }
  const { targetUrl, created } = await prepareTarget(options, log);
  const database = databaseNameOf(targetUrl);
  try {
    if (manifest.method === "pg_dump") {
      const server = await withClient(targetUrl, (client) => readServerVersion(client));
      const dumpMajor = Number(/^(\d+)/.exec(manifest.pgDump?.version ?? "")?.[1] ?? 0);
      pgRestore = await findClientTool("pg_restore", Math.max(majorOf(server.versionNum), dumpMajor));
      if (!pgRestore) throw new RestoreRefused(`No pg_restore of version ${Math.max(majorOf(server.versionNum), dumpMajor)} or newer to read this pg_dump archive with.`);
      const { url, env } = clientEnvironment(targetUrl);
      await runClientTool(pgRestore, ["--list", files.data], env).catch((error: Error) => {
        throw new RestoreRefused(`${files.data} is not a readable pg_dump archive: ${error.message}`);
      });
      log(`restoring into ${database} with pg_restore ${pgRestore.version} …`);
      await runClientTool(pgRestore, ["--single-transaction", "--exit-on-error", "--no-owner", "--no-password", `--dbname=${url}`, files.data], env);
    } else {
      log(`restoring into ${database}: the migrations, then ${manifest.tables.length} tables …`);
      await applyMigrations(targetUrl);
      await loadSnapshotArchive(files.data, manifest, targetUrl);
    }
  } catch (error) {
    if (created) await dropDatabase(withDatabase(targetUrl, "postgres"), database).catch(() => undefined);
    if (error instanceof RestoreRefused) throw error;
    throw new Error(`Restoring into ${database} failed${created ? " (the new database was dropped again)" : ""}: ${(error as Error).message}`, { cause: error });
  }

  // 3. The proof.
  log("verifying the restored database …");
  const checks: RestoreCheck[] = [];
  const counts = await withClient(targetUrl, async (client) => {
    const wrong: string[] = [];
    for (const table of manifest.tables) {
      const found = await client.query<{ rows: string }>(`SELECT count(*)::text AS rows FROM ${qualified(table.schema, table.name)}`);
      if (Number(found.rows[0]!.rows) !== table.rows) wrong.push(`${table.schema}.${table.name}: ${found.rows[0]!.rows}, backed up ${table.rows}`);
    }
    return wrong;
  });
  const totalRows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  checks.push({ name: "row counts", ok: counts.length === 0, detail: counts.length === 0 ? `${manifest.tables.length} tables, ${totalRows} rows as backed up` : counts.join("; ") });

  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: targetUrl }) });
  let ledger: LedgerVerdict;
  let after: RestoreResult["after"] = null;
  try {
    const signed = await checkpointsToVerify(options.checkpoints ?? null, prisma, manifest, checks);
    after = signed?.after ?? null;
    ledger = await verifyLedger(prisma, signed?.within ?? []);
    checks.push({
      name: "ledger verification",
      ok: ledger.ok,
      detail: `${describeVerdict(ledger)}${ledger.ok ? `; every consent state is the replay of its events${signed ? `; extends ${signed.within.length} signed checkpoints` : ""}` : ""}`,
    });
    if (signed && ledger.ok) {
      const audit = await verifyAuditLog(signed.within, prisma);
      checks.push({ name: "audit log against checkpoints", ok: audit.ok, detail: audit.ok ? `${audit.rows} audit rows as checkpointed` : describeVerdict(audit) });
    }
  } finally {
    await prisma.$disconnect();
  }

  const state = await withClient(targetUrl, async (client) => {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      return await computeStateChecksum(client);
    } finally {
      await client.query("ROLLBACK");
    }
  });
  const sameState = state.checksum === manifest.stateChecksum && state.lastGlobalSeq === manifest.ledger.lastGlobalSeq;
  checks.push({
    name: "state checksum",
    ok: sameState,
    detail: sameState
      ? `${state.checksum} = the backup's (${state.events} events through global #${state.lastGlobalSeq}, ${state.states} consent states)`
      : `${state.checksum} (through global #${state.lastGlobalSeq}) ≠ the backup's ${manifest.stateChecksum} (through global #${manifest.ledger.lastGlobalSeq})`,
  });
  return { ok: checks.every((check) => check.ok), targetUrl, database, manifest, checks, ledger, stateChecksum: state, after };
}

/** This code's migrations as `_prisma_migrations` records them: name and SHA-256 of migration.sql. */
async function codeMigrations(): Promise<BackupManifest["migrations"]> {
  const names = await listMigrations();
  const list = [];
  for (const name of names) {
    const sql = await fs.readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"));
    list.push({ name, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function describeDifference(backup: BackupManifest["migrations"], code: BackupManifest["migrations"]): string {
  const key = (entry: { name: string; checksum: string }) => `${entry.name}@${entry.checksum}`;
  const inCode = new Set(code.map(key));
  const inBackup = new Set(backup.map(key));
  const onlyBackup = backup.filter((entry) => !inCode.has(key(entry))).map((entry) => entry.name);
  const onlyCode = code.filter((entry) => !inBackup.has(key(entry))).map((entry) => entry.name);
  return [onlyBackup.length ? `only in the backup, or changed: ${onlyBackup.join(", ")}` : "", onlyCode.length ? `only in this code, or changed: ${onlyCode.join(", ")}` : ""].filter(Boolean).join("; ");
}

async function prepareTarget(options: RestoreOptions, log: (line: string) => void): Promise<{ targetUrl: string; created: boolean }> {
  if (options.targetUrl) {
    const targetUrl = options.targetUrl;
    const name = databaseNameOf(targetUrl);
    const adminUrl = withDatabase(targetUrl, "postgres");
    const exists = await withClient(adminUrl, async (client) => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount! > 0);
    if (!exists) {
      await createDatabase(adminUrl, name);
      log(`created database ${name}`);
      return { targetUrl, created: true };
    }
    const relations = await withClient(targetUrl, (client) => countUserRelations(client));
    if (relations > 0) throw new RestoreRefused(`The target database ${name} is not empty (${relations} tables, views or sequences): restore only into a new database.`);
    return { targetUrl, created: false };
  }
  if (!options.serverUrl) throw new Error("Give the database to restore into (targetUrl), or a server to create it on (serverUrl).");
  const stamp = (options.now ?? (() => new Date()))().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const adminUrl = withDatabase(options.serverUrl, "postgres");
  for (let attempt = 0; ; attempt++) {
    const name = `tsunagi_restore_${stamp}${attempt === 0 ? "" : `_${attempt}`}`;
    try {
      const targetUrl = await createDatabase(adminUrl, name);
      log(`created database ${name}`);
      return { targetUrl, created: true };
    } catch (error) {
      // 42P04 duplicate_database: a restore in the same second; take the next name.
      if ((error as { code?: string }).code !== "42P04" || attempt > 50) throw error;
    }
  }
}

interface ArchiveHeader {
  format: string;
  version: number;
  manifest: unknown;
}

/** Lines of a gzip archive; COPY's text format never holds a raw newline or carriage return inside a row. */
function archiveLines(file: string): AsyncIterator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  return createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
}

async function nextLine(lines: AsyncIterator<string>, what: string): Promise<string> {
  const next = await lines.next();
  if (next.done) throw new RestoreRefused(`The archive ends early, before ${what}.`);
  return next.value;
}

function parseSection(line: string, table: BackupTable): void {
  let section: unknown;
  try {
    section = JSON.parse(line);
  } catch {
    section = null;
  }
  if (!isDeepStrictEqual(section, { section: "table", schema: table.schema, name: table.name })) {
    throw new RestoreRefused(`The archive does not have ${table.schema}.${table.name} where its manifest puts it.`);
  }
}

/** Reads the whole archive: the header is the manifest beside it, every table is there with its row count, it ends. */
async function scanSnapshotArchive(file: string, manifest: BackupManifest): Promise<void> {
  const lines = archiveLines(file);
  try {
    let header: ArchiveHeader;
    try {
      header = JSON.parse(await nextLine(lines, "its header")) as ArchiveHeader;
    } catch (error) {
      if (error instanceof RestoreRefused) throw error;
      throw new RestoreRefused(`${file} is not a Tsunagi backup (no header line).`);
    }
    if (header.format !== SNAPSHOT_FORMAT || header.version !== 1 || !isDeepStrictEqual(ManifestSchema.parse(header.manifest), manifest)) {
      throw new RestoreRefused(`${file}: the manifest inside the archive differs from the one beside it.`);
    }
    for (const table of manifest.tables) {
      parseSection(await nextLine(lines, `${table.schema}.${table.name}`), table);
      let rows = 0;
      for (;;) {
        const line = await nextLine(lines, `the end of ${table.schema}.${table.name}`);
        if (line === "\\.") break;
        rows++;
      }
      if (rows !== table.rows) throw new RestoreRefused(`${table.schema}.${table.name} has ${rows} rows in the archive, its manifest says ${table.rows}.`);
    }
    const end: unknown = JSON.parse(await nextLine(lines, "its end line"));
    if (!isDeepStrictEqual(end, { section: "end", tables: manifest.tables.length })) throw new RestoreRefused(`${file} does not end as a backup ends.`);
    if (!(await lines.next()).done) throw new RestoreRefused(`${file} has data after its end line.`);
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`${file} cannot be read as a backup: ${(error as Error).message}`);
  } finally {
    await lines.return?.();
  }
}

/**
 * Tables the services make at run time rather than the migrations: the decision log's monthly partitions (ADR 053),
 * made here by the same database function the bridge uses, for exactly the months the backup holds, so the layout
 * then matches table for table.
 */
async function makeRunTimePartitions(client: pg.Client, manifest: BackupManifest): Promise<void> {
  for (const table of manifest.tables) {
    const month = table.schema === "bridge" ? /^decision_log_y(\d{4})m(\d{2})$/.exec(table.name) : null;
    if (!month) continue;
    await client.query("SELECT bridge.ensure_decision_log_partition(make_timestamptz($1::int, $2::int, 1, 0, 0, 0, 'UTC'))", [Number(month[1]), Number(month[2])]);
  }
}

/** The tables and columns the migrations made must be the backup's, table for table and column for column. */
function compareLayout(target: BackupTable[], manifest: BackupManifest): void {
  const shape = (tables: BackupTable[]) => tables.map((table) => ({ schema: table.schema, name: table.name, columns: table.columns }));
  if (isDeepStrictEqual(shape(target), shape(manifest.tables))) return;
  const names = (tables: BackupTable[]) => new Set(tables.map((table) => `${table.schema}.${table.name}`));
  const inTarget = names(target);
  const inBackup = names(manifest.tables);
  const missing = [...inBackup].filter((name) => !inTarget.has(name));
  const extra = [...inTarget].filter((name) => !inBackup.has(name));
  throw new Error(`The migrated database's tables differ from the backup's (missing: ${missing.join(", ") || "none"}; not in the backup: ${extra.join(", ") || "none"}; or their columns differ).`);
}

async function loadSnapshotArchive(file: string, manifest: BackupManifest, targetUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: targetUrl, application_name: "tsunagi-restore" });
  client.on("error", () => undefined);
  await client.connect();
  const lines = archiveLines(file);
  try {
    if (!isDeepStrictEqual(await readMigrations(client), manifest.migrations)) throw new Error("The migrated database's _prisma_migrations differ from the backup's.");
    if (!isDeepStrictEqual(await readJobQueueMigrations(client), manifest.jobQueueMigrations)) {
      throw new Error("This code's graphile-worker made another job-queue schema than the backup's (graphile_worker.migrations differ): restore with the release that took the backup.");
    }
    await makeRunTimePartitions(client, manifest);
    compareLayout(await readTables(client), manifest);

    await client.query("BEGIN");
    try {
      await client.query("SET LOCAL session_replication_role = replica");
    } catch (error) {
      throw new Error(`Restoring needs a superuser (or SET on session_replication_role) so that triggers stay quiet while rows are copied back: ${(error as Error).message}`, { cause: error });
    }
    // What the migrations seeded (facilities, the committee, their own bookkeeping) makes way for the backup's rows.
    if (manifest.tables.length > 0) await client.query(`TRUNCATE ${manifest.tables.map((table) => qualified(table.schema, table.name)).join(", ")}`);
    await nextLine(lines, "its header");
    for (const table of manifest.tables) {
      parseSection(await nextLine(lines, `${table.schema}.${table.name}`), table);
      await pipeline(Readable.from(tableRows(lines, table)), client.query(copyFrom(`COPY ${qualified(table.schema, table.name)} (${columnList(table)}) FROM STDIN`)));
    }
    for (const sequence of manifest.sequences) {
      await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [qualified(sequence.schema, sequence.name), sequence.lastValue, sequence.isCalled]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await lines.return?.();
    await client.end().catch(() => undefined);
  }
}

/** One table's COPY rows, up to its `\.` line, in chunks of about 256 KiB. */
async function* tableRows(lines: AsyncIterator<string>, table: BackupTable): AsyncGenerator<Buffer> {
  let batch: string[] = [];
  let size = 0;
  for (;;) {
    const line = await nextLine(lines, `the end of ${table.schema}.${table.name}`);
    if (line === "\\.") break;
    batch.push(line, "\n");
    size += line.length + 1;
    if (size >= 256 * 1024) {
      yield Buffer.from(batch.join(""), "utf8");
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(""), "utf8");
}

/**
 * The checkpoints to hold the restored ledger to: those of the log (verified with the public keys) that the backup
 * itself held in LedgerCheckpoint. Later ones are past the backup's point: their participants are those whose
 * consent changed after it, which the operator must know about (their changes are not in this backup).
 */
async function checkpointsToVerify(
  source: RestoreOptions["checkpoints"] | null,
  prisma: PrismaClient,
  manifest: BackupManifest,
  checks: RestoreCheck[],
): Promise<{ within: LedgerCheckpoint[]; after: { checkpoints: number; participantIds: string[] } } | null> {
  if (!source) return null;
  const lines = await readCheckpointLog(source.logFile);
  const newestHeld = await prisma.ledgerCheckpoint.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  if (lines === null || lines.length === 0) {
    checks.push({ name: "checkpoint log", ok: newestHeld === null, detail: newestHeld ? `${source.logFile} is missing, but the backup holds ${newestHeld.seq} checkpoints` : "no checkpoint log and no checkpoint yet" });
    return newestHeld ? null : { within: [], after: { checkpoints: 0, participantIds: [] } };
  }
  if (!source.publicJwks) {
    checks.push({ name: "checkpoint log", ok: false, detail: `${source.logFile} holds checkpoints but there are no checkpoint keys to verify them with` });
    return null;
  }
  const verdict = await verifyCheckpointLog(lines, source.publicJwks);
  if (!verdict.ok) {
    checks.push({ name: "checkpoint log", ok: false, detail: `${source.logFile} is broken at line ${verdict.line}: ${verdict.problem}` });
    return null;
  }
  const held = newestHeld ? Number(newestHeld.seq) : 0;
  const within = verdict.checkpoints.filter((entry) => entry.checkpoint.seq <= held).map((entry) => entry.checkpoint);
  const later = verdict.checkpoints.filter((entry) => entry.checkpoint.seq > held).map((entry) => entry.checkpoint);
  const backupEnd = BigInt(manifest.ledger.lastGlobalSeq);
  const participantIds = [...new Set(later.flatMap((checkpoint) => checkpoint.participants.filter((head) => BigInt(head.globalSeq) > backupEnd).map((head) => head.participantId)))];
  checks.push({
    name: "checkpoint log",
    ok: within.length === held,
    detail:
      within.length === held
        ? `${held} of the log's ${verdict.checkpoints.length} checkpoints are within the backup${later.length ? `; ${later.length} are later, and ${participantIds.length} participants' consent changed after the backup` : ""}`
        : `the backup holds checkpoints up to #${held}, the log only ${within.length}`,
  });
  return { within, after: { checkpoints: later.length, participantIds } };
}
