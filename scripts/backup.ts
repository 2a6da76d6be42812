/**
 * `npm run backup` — a consistent backup of the whole database into BACKUP_DIR (default
 * `$TSUNAGI_DATA_DIR/backups`), keeping the newest BACKUP_GENERATIONS (default 3, at least 3), each with its SHA-256
 * and manifest beside it (ADR 050, docs/operations.md "Backups and restore"). BACKUP_METHOD: `auto` (pg_dump when a
 * new enough one exists), `snapshot` or `pg_dump`. Uses DATABASE_URL, or the embedded server under TSUNAGI_DATA_DIR.
 * Exit 0 with the file written; 2 when it could not back up.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

async function main(): Promise<number> {
  const { parseGenerations, parseMethod } = await import("./lib/backup/backup-files");
  const generations = parseGenerations(process.env.BACKUP_GENERATIONS);
  const method = parseMethod(process.env.BACKUP_METHOD);
  const { dataDir } = await import("../app/env.server");
  const dir = path.resolve(process.env.BACKUP_DIR || path.join(dataDir(), "backups"));

  const { ensurePostgres } = await import("./lib/postgres");
  const { createBackup } = await import("./lib/backup/create-backup");
  const postgres = await ensurePostgres();
  try {
    const result = await createBackup({ databaseUrl: postgres.url, dir, generations, method, log: (line) => console.log(line) });
    const { manifest } = result;
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(`Backup written: ${result.files.data} (${result.bytes} bytes, ${manifest.method})`);
    console.log(`  sha256 ${result.sha256}  (${path.basename(result.files.checksums)})`);
    console.log(`  ${manifest.tables.length} tables, ${rows} rows; ledger through global #${manifest.ledger.lastGlobalSeq} (${manifest.ledger.events} events, ${manifest.ledger.states} consent states)`);
    console.log(`  state checksum ${manifest.stateChecksum}`);
    for (const removed of result.removed) console.log(`  rotated out ${path.basename(removed)}`);
    console.log(`Keeping the newest ${generations} generations in ${dir}. Copy this one off the machine (docs/operations.md).`);
    return 0;
  } finally {
    await postgres.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
