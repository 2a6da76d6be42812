/**
 * The files of one backup generation and the rules about them (ADR 050):
 *
 *   tsunagi-20261201T031700123Z.tsunagi-backup.gz          the data (snapshot method), or
 *   tsunagi-20261201T031700123Z.pgdump                     the data (pg_dump custom format)
 *   <data file>.manifest.json                              what it holds (also inside a .tsunagi-backup.gz)
 *   <data file>.sha256                                     SHA-256 of both, `sha256sum -c` format, written last
 *
 * A generation counts only once its .sha256 exists; rotation keeps the newest N (BACKUP_GENERATIONS, at least 3).
 * Every file is created with mode 0600 and the folder with 0700: a backup is as sensitive as the database.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const MIN_GENERATIONS = 3;
export const DEFAULT_GENERATIONS = 3;

export const BACKUP_METHODS = ["snapshot", "pg_dump"] as const;
export type BackupMethod = (typeof BACKUP_METHODS)[number];

const EXTENSIONS: Record<BackupMethod, string> = { snapshot: ".tsunagi-backup.gz", pg_dump: ".pgdump" };
const DATA_FILE = /^tsunagi-(\d{8}T\d{9}Z)(\.tsunagi-backup\.gz|\.pgdump)$/;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const decimal = z.string().regex(/^-?(0|[1-9][0-9]*)$/);

export const TableSchema = z.strictObject({
  schema: z.string().min(1),
  name: z.string().min(1),
  /** Copied columns in table order (generated columns are left out: PostgreSQL recomputes them). */
  columns: z.array(z.strictObject({ name: z.string().min(1), type: z.string().min(1) })),
  rows: z.number().int().nonnegative(),
});
export type BackupTable = z.infer<typeof TableSchema>;

export const ManifestSchema = z.strictObject({
  format: z.literal("tsunagi-backup"),
  version: z.literal(1),
  method: z.enum(BACKUP_METHODS),
  createdAt: z.iso.datetime(),
  database: z.string(),
  server: z.strictObject({ version: z.string(), versionNum: z.number().int().positive() }),
  /** The pg_dump that wrote a .pgdump file. */
  pgDump: z.strictObject({ path: z.string(), version: z.string() }).nullable(),
  /** `_prisma_migrations`: every finished, not rolled-back migration, in order (its checksum is SHA-256 of migration.sql). */
  migrations: z.array(z.strictObject({ name: z.string().min(1), checksum: z.string() })),
  /** graphile-worker's own migrations (`graphile_worker.migrations` ids). */
  jobQueueMigrations: z.array(z.number().int()),
  ledger: z.strictObject({ lastGlobalSeq: decimal, events: z.number().int().nonnegative(), states: z.number().int().nonnegative() }),
  stateChecksum: hex64,
  tables: z.array(TableSchema),
  sequences: z.array(z.strictObject({ schema: z.string(), name: z.string(), lastValue: decimal, isCalled: z.boolean() })),
});
export type BackupManifest = z.infer<typeof ManifestSchema>;

export interface BackupFiles {
  data: string;
  manifest: string;
  checksums: string;
}

export function backupFilesOf(dataFile: string): BackupFiles {
  const data = path.resolve(dataFile);
  return { data, manifest: `${data}.manifest.json`, checksums: `${data}.sha256` };
}

/** A name that sorts by time: `tsunagi-<UTC yyyymmddThhmmssSSS>Z<ext>`. */
export function backupFileName(method: BackupMethod, now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  return `tsunagi-${stamp}${EXTENSIONS[method]}`;
}

/**
 * A path an operator may give restore: the data file itself, or its .sha256 or .manifest.json beside it.
 * Returns the data file.
 */
export function dataFileOf(given: string): string {
  const resolved = path.resolve(given);
  for (const suffix of [".sha256", ".manifest.json"]) {
    if (resolved.endsWith(suffix) && DATA_FILE.test(path.basename(resolved.slice(0, -suffix.length)))) return resolved.slice(0, -suffix.length);
  }
  return resolved;
}

export function methodOfDataFile(file: string): BackupMethod {
  return file.endsWith(EXTENSIONS.pg_dump) ? "pg_dump" : "snapshot";
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Writes `<hex>  <basename>` lines (the format `sha256sum -c` reads) for the data file and its manifest. */
export async function writeChecksums(files: BackupFiles): Promise<{ data: string; manifest: string }> {
  const data = await sha256OfFile(files.data);
  const manifest = await sha256OfFile(files.manifest);
  const text = `${data}  ${path.basename(files.data)}\n${manifest}  ${path.basename(files.manifest)}\n`;
  await writePrivateFile(files.checksums, text);
  return { data, manifest };
}

export type ChecksumCheck =
  | { ok: true; data: string; manifest: string }
  | { ok: false; problem: "checksum_file_missing" | "checksum_file_malformed" | "file_missing"; file: string }
  | { ok: false; problem: "checksum_mismatch"; file: string; expected: string; actual: string };

/** Recomputes both files' SHA-256 and compares them with the .sha256 beside them. */
export async function checkChecksums(files: BackupFiles): Promise<ChecksumCheck> {
  let text: string;
  try {
    text = await fs.readFile(files.checksums, "utf8");
  } catch {
    return { ok: false, problem: "checksum_file_missing", file: files.checksums };
  }
  const expected = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) return { ok: false, problem: "checksum_file_malformed", file: files.checksums };
    expected.set(match[2]!, match[1]!);
  }
  const found: Record<"data" | "manifest", string> = { data: "", manifest: "" };
  for (const key of ["data", "manifest"] as const) {
    const file = files[key];
    const want = expected.get(path.basename(file));
    if (!want) return { ok: false, problem: "checksum_file_malformed", file: files.checksums };
    let actual: string;
    try {
      actual = await sha256OfFile(file);
    } catch {
      return { ok: false, problem: "file_missing", file };
    }
    if (actual !== want) return { ok: false, problem: "checksum_mismatch", file, expected: want, actual };
    found[key] = actual;
  }
  return { ok: true, ...found };
}

/** Creates (or truncates) a file readable by its owner only, whatever the umask. */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, "w", 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readManifestFile(file: string): Promise<BackupManifest> {
  return ManifestSchema.parse(JSON.parse(await fs.readFile(file, "utf8")));
}

/** Complete generations in the folder (those with a .sha256), newest first. */
export async function listGenerations(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const present = new Set(names);
  return names
    .filter((name) => DATA_FILE.test(name) && present.has(`${name}.sha256`))
    .sort((a, b) => DATA_FILE.exec(b)![1]!.localeCompare(DATA_FILE.exec(a)![1]!))
    .map((name) => path.join(dir, name));
}

/** Deletes every complete generation but the newest `keep`, oldest first; returns the data files removed. */
export async function rotateGenerations(dir: string, keep: number): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < MIN_GENERATIONS) throw new Error(`Refusing to keep fewer than ${MIN_GENERATIONS} backup generations (asked for ${keep}).`);
  const removed: string[] = [];
  for (const data of (await listGenerations(dir)).slice(keep).reverse()) {
    const files = backupFilesOf(data);
    // The checksum first: a half-removed generation no longer counts as one.
    for (const file of [files.checksums, files.data, files.manifest]) await fs.rm(file, { force: true });
    removed.push(data);
  }
  return removed;
}

/** BACKUP_GENERATIONS: an integer of at least 3 (MHLW guideline 6.0: three generations); default 3. */
export function parseGenerations(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_GENERATIONS;
  const number = Number(value);
  if (!Number.isInteger(number) || number < MIN_GENERATIONS || number > 1000) {
    throw new Error(`BACKUP_GENERATIONS must be a whole number from ${MIN_GENERATIONS} to 1000 (got ${JSON.stringify(value)}): fewer than three generations is not a backup policy.`);
  }
  return number;
}

/** BACKUP_METHOD: `auto` (default), `snapshot` or `pg_dump`. */
export function parseMethod(value: string | undefined): BackupMethod | "auto" {
  if (value === undefined || value.trim() === "" || value === "auto") return "auto";
  if ((BACKUP_METHODS as readonly string[]).includes(value)) return value as BackupMethod;
  throw new Error(`BACKUP_METHOD must be auto, snapshot or pg_dump (got ${JSON.stringify(value)}).`);
}
