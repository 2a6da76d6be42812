// The backup-and-restore drill (issue 17 item 4; ADR 050): consent changes, a backup, later changes, three more
// backups rotated to three generations with valid checksums, a damaged copy refused before anything is written, and
// the good copy restored into a fresh database whose ledger verifies and whose state checksum is the backup's —
// not today's, which has the later changes.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFilesOf, checkChecksums, listGenerations, parseGenerations, writeChecksums, type BackupFiles } from "../../scripts/lib/backup/backup-files";
import { createBackup } from "../../scripts/lib/backup/create-backup";
import { restoreBackup, RestoreRefused } from "../../scripts/lib/backup/restore-backup";
import { computeStateChecksum } from "../../scripts/lib/backup/state-checksum";
import { dropDatabase, withClient, withDatabase } from "../../scripts/lib/postgres";
import { useTestDatabase } from "../support/database";
import { commitConsentChange } from "../support/outbox-fixtures";

const database = useTestDatabase();
let workDir: string;
const created: string[] = [];

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "tsunagi-backup-test-"));
});

afterAll(async () => {
  for (const name of created) await dropDatabase(database.adminUrl, name).catch(() => undefined);
  await fs.rm(workDir, { recursive: true, force: true });
});

async function stateOf(url: string) {
  return withClient(url, async (client) => {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      return await computeStateChecksum(client);
    } finally {
      await client.query("ROLLBACK");
    }
  });
}

/** Where the decision log's rows are: each partition holding any, with its count. */
async function decisionPartitionsOf(url: string): Promise<{ partition: string; count: number }[]> {
  return withClient(url, async (client) =>
    (await client.query<{ partition: string; count: number }>(`SELECT tableoid::regclass::text AS partition, count(*)::int AS count FROM bridge.decision_log GROUP BY 1 ORDER BY 1`)).rows,
  );
}

/** A new database name of this run (the test setup drops leftovers with this prefix). */
function targetName(suffix: string): string {
  const name = `${database.name}_${suffix}`;
  created.push(name);
  return name;
}

async function databaseExists(name: string): Promise<boolean> {
  return withClient(database.adminUrl, async (client) => ((await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount ?? 0) > 0);
}

async function copyGeneration(files: BackupFiles, dir: string): Promise<BackupFiles> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const file of [files.data, files.manifest, files.checksums]) await fs.copyFile(file, path.join(dir, path.basename(file)));
  return backupFilesOf(path.join(dir, path.basename(files.data)));
}

describe("the backup-and-restore drill", () => {
  it("backs up, rotates to three generations, refuses a damaged copy and restores the good one, verified", async () => {
    const dir = path.join(workDir, "backups");
    // Consent history before the backup: three participants, two with a later change of choices.
    const first = await commitConsentChange();
    await commitConsentChange(first.participantId);
    const second = await commitConsentChange();
    await commitConsentChange(second.participantId);
    const third = await commitConsentChange();
    // Decisions in two months. The decision log's monthly partitions are made at run time by the bridge (ADR 053), not
    // by the migrations: the restore must make the backup's. One row waits in the default partition (no month made).
    await withClient(database.url, async (client) => {
      await client.query(`SELECT bridge.ensure_decision_log_partition(now() - interval '14 months')`);
      await client.query(
        `INSERT INTO bridge.decision_log (request_id, subject, action, allowed, reason, evaluated_at)
         VALUES (gen_random_uuid(), 'S-DRILL', 'analyze', true, 'consented', now() - interval '14 months'), (gen_random_uuid(), 'S-DRILL', 'analyze', false, 'withdrawn', now() + interval '2 years')`,
      );
    });
    const decisionsAtBackup = await decisionPartitionsOf(database.url);
    expect(decisionsAtBackup.map((row) => row.count)).toEqual([1, 1]);
    const atBackup = await stateOf(database.url);
    expect(atBackup.events).toBeGreaterThanOrEqual(5);

    const original = await createBackup({ databaseUrl: database.url, dir, generations: 3, method: "snapshot" });
    expect(original.manifest.method).toBe("snapshot");
    expect(original.manifest.stateChecksum).toBe(atBackup.checksum);
    expect(original.manifest.ledger.lastGlobalSeq).toBe(atBackup.lastGlobalSeq);
    const tableNames = original.manifest.tables.map((table) => `${table.schema}.${table.name}`);
    expect(tableNames).toEqual(expect.arrayContaining(["public.ConsentEvent", "public._prisma_migrations", "bridge.subject", "graphile_worker._private_jobs", "rate_limit.counter"]));
    expect(original.manifest.tables.find((table) => table.name === "ConsentEvent")!.rows).toBe(atBackup.events);
    for (const file of [original.files.data, original.files.manifest, original.files.checksums]) expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    // The operator's copy off the machine, taken before rotation removes it here.
    const offsite = await copyGeneration(original.files, path.join(workDir, "offsite"));

    // Changes after the backup: a further change for the first participant and a new participant.
    await commitConsentChange(first.participantId);
    await commitConsentChange(third.participantId);
    await commitConsentChange();
    const now = await stateOf(database.url);
    expect(now.checksum).not.toBe(atBackup.checksum);

    const later = [];
    for (let index = 0; index < 3; index++) later.push(await createBackup({ databaseUrl: database.url, dir, generations: 3, method: "snapshot" }));
    expect(later.map((backup) => backup.manifest.stateChecksum)).toEqual([now.checksum, now.checksum, now.checksum]);
    expect(later[0]!.removed).toEqual([]);
    expect(later[2]!.removed).toEqual([original.files.data]);
    const generations = await listGenerations(dir);
    expect(generations).toEqual(later.map((backup) => backup.files.data).reverse());
    for (const data of generations) expect(await checkChecksums(backupFilesOf(data))).toMatchObject({ ok: true });
    expect((await fs.readdir(dir)).sort()).toEqual(generations.flatMap((data) => [path.basename(data), `${path.basename(data)}.manifest.json`, `${path.basename(data)}.sha256`]).sort());

    // Fewer than three generations is refused.
    expect(() => parseGenerations("2")).toThrow(/BACKUP_GENERATIONS/);
    await expect(createBackup({ databaseUrl: database.url, dir, generations: 2 })).rejects.toThrow(/fewer than 3/);

    // A damaged copy: one byte changed in the middle. Refused before any database is created.
    const damaged = await copyGeneration(offsite, path.join(workDir, "damaged"));
    const bytes = await fs.readFile(damaged.data);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    await fs.writeFile(damaged.data, bytes);
    const refusedTarget = targetName("refused");
    await expect(restoreBackup({ file: damaged.data, targetUrl: withDatabase(database.adminUrl, refusedTarget) })).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup({ file: damaged.data, targetUrl: withDatabase(database.adminUrl, refusedTarget) })).rejects.toThrow(/does not match its SHA-256/);
    expect(await databaseExists(refusedTarget)).toBe(false);

    // A manifest naming other migrations (checksums rewritten to match) is refused too: the schema comes from this code's.
    const otherSchema = await copyGeneration(offsite, path.join(workDir, "other-schema"));
    const manifest = JSON.parse(await fs.readFile(otherSchema.manifest, "utf8")) as { migrations: { name: string; checksum: string }[] };
    manifest.migrations.push({ name: "20991231000000_from_the_future", checksum: "0".repeat(64) });
    await fs.writeFile(otherSchema.manifest, JSON.stringify(manifest));
    await writeChecksums(otherSchema);
    await expect(restoreBackup({ file: otherSchema.data, targetUrl: withDatabase(database.adminUrl, refusedTarget) })).rejects.toThrow(/other migrations than this code's/);
    expect(await databaseExists(refusedTarget)).toBe(false);

    // A target that is not empty (the live database itself) is refused.
    await expect(restoreBackup({ file: offsite.data, targetUrl: database.url })).rejects.toThrow(/is not empty/);

    // The good copy, into a new database on the same server (named the way `npm run restore` names it).
    const log: string[] = [];
    const restored = await restoreBackup({ file: offsite.checksums, serverUrl: database.url, checkpoints: { logFile: path.join(workDir, "no-checkpoint-log.jsonl"), publicJwks: null }, log: (line) => log.push(line) });
    created.push(restored.database);
    expect(restored.database).toMatch(/^tsunagi_restore_\d{14}/);
    expect(restored.checks.filter((check) => !check.ok)).toEqual([]);
    expect(restored.ok).toBe(true);
    expect(restored.ledger).toMatchObject({ ok: true, events: atBackup.events });
    expect(restored.stateChecksum).toEqual(atBackup);
    expect(restored.stateChecksum.checksum).not.toBe(now.checksum);
    expect(await stateOf(restored.targetUrl)).toEqual(atBackup);
    expect(await decisionPartitionsOf(restored.targetUrl)).toEqual(decisionsAtBackup);

    // The restored database is a working one: the app role reads it, sequences continue past the backed-up rows,
    // and the append-only triggers are back in force.
    const client = new pg.Client({ connectionString: restored.targetUrl });
    await client.connect();
    try {
      const ids = (await client.query<{ id: string }>(`SELECT "participantId" AS id FROM "ConsentState" ORDER BY 1`)).rows.map((row) => row.id);
      expect(ids).toEqual([first.participantId, second.participantId, third.participantId].sort());
      await expect(client.query(`DELETE FROM "ConsentEvent"`)).rejects.toThrow();
      const facilities = await client.query<{ count: string }>(`SELECT count(*)::text AS count FROM "Facility"`);
      const originalFacilities = await withClient(database.url, (source) => source.query<{ count: string }>(`SELECT count(*)::text AS count FROM "Facility"`));
      expect(facilities.rows[0]!.count).toBe(originalFacilities.rows[0]!.count);
      const sequences = original.manifest.sequences;
      for (const sequence of sequences) {
        const found = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${pg.escapeIdentifier(sequence.schema)}.${pg.escapeIdentifier(sequence.name)}`);
        expect({ lastValue: found.rows[0]!.last_value, isCalled: found.rows[0]!.is_called }).toEqual({ lastValue: sequence.lastValue, isCalled: sequence.isCalled });
      }
    } finally {
      await client.end();
    }
  }, 60_000);

  it("with BACKUP_METHOD auto (pg_dump where a new enough one is installed, else the snapshot way) restores verified as well", async () => {
    await commitConsentChange();
    const dir = path.join(workDir, "auto");
    const backup = await createBackup({ databaseUrl: database.url, dir, generations: 3 });
    expect(await checkChecksums(backup.files)).toMatchObject({ ok: true });
    const restored = await restoreBackup({ file: backup.files.data, targetUrl: withDatabase(database.adminUrl, targetName("auto")) });
    expect(restored.checks.filter((check) => !check.ok)).toEqual([]);
    expect(restored.stateChecksum.checksum).toBe(backup.manifest.stateChecksum);
  }, 60_000);
});
