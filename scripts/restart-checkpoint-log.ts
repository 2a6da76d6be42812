/**
 * `npm run ledger:restart-log -- --reason "…" --confirm [--new-log PATH]` — after a restore, starts a new checkpoint
 * log from the checkpoints the restored database holds (ADR 056). The old log goes beyond the restored history, so
 * the checkpointer refuses to extend it and `ledger:verify` reports `Ledger rolled back` until this runs. It refuses
 * unless the old log is intact, the database's copy is its beginning line for line, and the restored ledger extends
 * every checkpoint of that beginning. The old log is never changed: with LEDGER_CHECKPOINT_LOG set (append-only or
 * WORM storage), give the new log's path with --new-log and point LEDGER_CHECKPOINT_LOG at it; with the default file
 * under TSUNAGI_DATA_DIR, the old one is set aside as `…jsonl.rolled-back-<time>` and the new one takes its name.
 *
 * Run it with the app and its checkpointer stopped, against the restored database (DATABASE_URL, else the embedded server
 * under TSUNAGI_DATA_DIR), on the host that holds the log. Exit 0: restarted; 1: refused (nothing written); 2: it could not run.
 */
import { parseArgs } from "node:util";
import { isCommandEntry } from "./lib/command-entry";

const USAGE = 'Usage: npm run ledger:restart-log -- --reason "<the incident, one line>" --confirm [--new-log PATH] [--log PATH]';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { reason: { type: "string" }, confirm: { type: "boolean" }, "new-log": { type: "string" }, log: { type: "string" } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.reason === undefined) {
    console.error(`--reason is required: it is kept in the audit log with the restart.\n${USAGE}`);
    return 1;
  }
  const { dataDir, getEnv } = await import("../app/env.server");
  const { checkpointLogPath } = await import("../app/domain/consent/index.server");
  const { loadCheckpointKeys } = await import("../app/domain/consent/index.server");
  const { restartCheckpointLog, CheckpointLogRestartRefused } = await import("../app/domain/transparency/index.server");
  const env = getEnv();
  const logFile = values.log ?? checkpointLogPath({ logFile: env.LEDGER_CHECKPOINT_LOG, dataDir: dataDir(env) });
  const configured = values.log !== undefined || env.LEDGER_CHECKPOINT_LOG !== undefined;
  if (configured && values["new-log"] === undefined) {
    console.error(`The log is ${logFile}, a file you chose (LEDGER_CHECKPOINT_LOG or --log), which may be append-only storage: name the new log with --new-log PATH, then point LEDGER_CHECKPOINT_LOG at it.`);
    return 1;
  }
  if (!values.confirm) {
    console.error(`This starts a new checkpoint log for the database at DATABASE_URL, keeping ${logFile} unchanged as evidence. Check that DATABASE_URL is the restored database and that the app is stopped, then add --confirm.`);
    return 1;
  }
  const keys = await loadCheckpointKeys({ keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: dataDir(env), generate: false });
  if (!keys) {
    console.error("There are no checkpoint keys (LEDGER_CHECKPOINT_KEYS_FILE, or the generated file under TSUNAGI_DATA_DIR) to check the log with.");
    return 1;
  }
  // DATABASE_URL (the restored database), or the embedded server under TSUNAGI_DATA_DIR, as ledger:verify uses.
  const { ensurePostgres } = await import("./lib/postgres");
  const postgres = await ensurePostgres();
  process.env.DATABASE_URL = postgres.url;
  const { disconnectDatabase } = await import("../app/db.server");
  try {
    const restart = await restartCheckpointLog({ logFile, newLogFile: values["new-log"] ?? logFile, publicJwks: keys.publicJwks, reason: values.reason });
    const { rolledBack } = restart;
    console.log(`Started a new checkpoint log at ${restart.newLogFile}, holding the ${restart.kept} checkpoints the restored database holds.`);
    console.log(`The old log is kept, unchanged, at ${restart.oldLogFile} (SHA-256 ${restart.oldLogSha256}): keep it as the evidence of this restore.`);
    console.log(
      `Rolled back: checkpoints #${rolledBack.fromSeq}–#${rolledBack.throughSeq} (${rolledBack.firstTakenAt} to ${rolledBack.lastTakenAt}), which vouched for the ledger up to global #${rolledBack.throughGlobalSeq}; the restored ledger ends at global #${rolledBack.restoredGlobalSeq}.`,
    );
    console.log(`Participants whose consent changed after the restored ledger's end (${rolledBack.participantIds.length}): ${rolledBack.participantIds.join(", ") || "none"}. Re-enter their changes, withdrawals first.`);
    if (values["new-log"] !== undefined && restart.newLogFile !== logFile) console.log(`Now set LEDGER_CHECKPOINT_LOG=${restart.newLogFile} on every app host, then start the app.`);
    console.log("Tell the witnesses of the published checkpoints (docs/transparency-witness.md): the list restarts from the restored database's last publication, and they will see the later ones as a fork.");
    return 0;
  } catch (error) {
    if (error instanceof CheckpointLogRestartRefused) {
      console.error(`Refused: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await disconnectDatabase();
    await postgres.stop();
  }
}

if (isCommandEntry(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`The checkpoint log could not be restarted: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
