/**
 * `npm run restore -- <backup file> [--target <database URL>]` — restores a backup made by `npm run backup` into a
 * fresh database and proves it (ADR 050): the SHA-256 is checked before anything is written, then after the
 * restore the ledger verification, the row counts and the state checksum. Without --target (or
 * RESTORE_DATABASE_URL) it creates `tsunagi_restore_<time>` on the server of DATABASE_URL (or the embedded one); an
 * existing target must be empty. Never touches the database the app uses.
 *
 * Exit 0: restored and every check held; 1: refused (damaged file, other migrations, target not empty) or a check
 * failed; 2: it could not run.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { target: { type: "string" } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error("Usage: npm run restore -- <backup file> [--target postgresql://…/new_database]");
    return 2;
  }
  const targetUrl = values.target ?? (process.env.RESTORE_DATABASE_URL || undefined);
  const { dataDir, getEnv } = await import("../app/env.server");
  const { loadCheckpointKeys } = await import("../app/domain/consent/index.server");
  const { checkpointLogPath } = await import("../app/domain/consent/index.server");
  const env = getEnv();
  const keys = await loadCheckpointKeys({ keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: dataDir(env), generate: false });
  const logFile = checkpointLogPath({ logFile: env.LEDGER_CHECKPOINT_LOG, dataDir: dataDir(env) });

  const { restoreBackup, RestoreRefused } = await import("./lib/backup/restore-backup");
  const { ensurePostgres, redactUrl } = await import("./lib/postgres");
  // The server for a new database: DATABASE_URL's, or the embedded one (started if need be).
  const postgres = targetUrl ? null : await ensurePostgres();
  try {
    const result = await restoreBackup({
      file,
      targetUrl,
      serverUrl: postgres?.url,
      checkpoints: { logFile, publicJwks: keys?.publicJwks ?? null },
      log: (line) => console.log(line),
    });
    for (const check of result.checks) (check.ok ? console.log : console.error)(`${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
    if (result.after && result.after.checkpoints > 0) {
      console.log(`Not in this backup: consent changes after global #${result.manifest.ledger.lastGlobalSeq}, of ${result.after.participantIds.length} participants (from ${result.after.checkpoints} later checkpoints): ${result.after.participantIds.join(", ")}`);
    }
    if (!result.ok) {
      console.error(`Restore NOT verified: ${redactUrl(result.targetUrl)} does not hold the backup's consent history. Do not use it.`);
      return 1;
    }
    console.log(`Restored and verified: ${redactUrl(result.targetUrl)} holds the consent history of ${result.manifest.createdAt} (state checksum ${result.stateChecksum.checksum}).`);
    console.log("To use it, point DATABASE_URL at it (docs/operations.md, \"Backups and restore\").");
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefused) {
      console.error(`Restore refused: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await postgres?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Restore could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
