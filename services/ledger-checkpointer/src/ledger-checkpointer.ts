/**
 * The ledger checkpointer's composition root (ADR 106, 129): the checkpointer (`./start-ledger-checkpointer`, which
 * imports nothing of the app) given the consent concept's work through its public entry — the witness records each
 * event as it commits (ADR 113, beside the log) and the consent concept takes each checkpoint (signed, appended to the
 * log, copied into the database). It publishes nothing: a public checkpoint after each change would tell the minute of
 * every consent event, so publications keep their own fixed schedule (the job worker's transparency.checkpoint, ADR 114).
 *
 * Its entry (`./main.ts`) runs it as a deployment's service; `npm start` and `npm run dev` run it on one machine.
 */
import path from "node:path";
import { checkpointLogPath, openCheckpointKeys, takeLedgerCheckpoint, witnessLedgerEvents, type CheckpointKeys, type LiveCheckpointKeys } from "../../../app/domain/consent/index.server";
import type { RelayLog } from "@tsunagi/outbox-relay/relay-log";
import type { CheckpointerEnv } from "./checkpointer-env";
import { startLedgerCheckpointer as startCheckpointer, type LedgerCheckpointer } from "./start-ledger-checkpointer";

export type { LedgerCheckpointer } from "./start-ledger-checkpointer";

export interface LedgerCheckpointerOptions {
  /** A fixed set, or the key file as it stands at each attempt (ADR 054: a rotation needs no restart). */
  keys: CheckpointKeys | LiveCheckpointKeys;
  logFile: string;
  intervalMs: number;
  settleMs?: number;
  /** For the LISTEN connection; default DATABASE_URL (the domain's work reads it too). */
  databaseUrl?: string;
  log?: RelayLog;
}

/** The checkpointer with the consent concept's work, on the keys and log given. */
export async function startLedgerCheckpointer(options: LedgerCheckpointerOptions): Promise<LedgerCheckpointer> {
  const given = options.keys;
  const keysNow = (): CheckpointKeys => ("current" in given ? given.current() : given);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("The ledger checkpointer needs DATABASE_URL (npm start provides it).");
  const signedBy = (keys: CheckpointKeys) => ({ signing: keys.signing!, publicJwks: keys.publicJwks });
  return startCheckpointer({
    keys: keysNow,
    takeCheckpoint: (keys) => takeLedgerCheckpoint({ keys: signedBy(keys), logFile: options.logFile }),
    witness: () => witnessLedgerEvents({ ledgerLogFile: options.logFile }),
    databaseUrl,
    intervalMs: options.intervalMs,
    settleMs: options.settleMs,
    log: options.log,
    describe: { logFile: options.logFile },
  });
}

/**
 * The checkpointer as its settings say (`CheckpointerEnv`; the app's settings hold the same fields): keys, log and
 * interval. The key file is re-read when it changes (every `keysCheckMs`, default 10 s, and on SIGHUP; ADR 054); one
 * that cannot sign now is refused at start.
 */
export async function startLedgerCheckpointerFromEnv(
  env: CheckpointerEnv,
  overrides: Partial<LedgerCheckpointerOptions> & { keysCheckMs?: number } = {},
): Promise<LedgerCheckpointer & { readonly logFile: string }> {
  const dataDir = path.resolve(env.TSUNAGI_DATA_DIR);
  const { keysCheckMs, ...rest } = overrides;
  const logFile = overrides.logFile ?? checkpointLogPath({ logFile: env.LEDGER_CHECKPOINT_LOG, dataDir });
  const keys = await openCheckpointKeys({ keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir, generate: true, signer: true, service: "checkpointer" });
  let checkpointer: LedgerCheckpointer;
  try {
    checkpointer = await startLedgerCheckpointer({ keys, logFile, intervalMs: env.LEDGER_CHECKPOINT_INTERVAL_MS, ...rest });
  } catch (error) {
    keys.stop();
    throw error;
  }
  keys.watch({ checkMs: keysCheckMs });
  return {
    logFile,
    status: () => checkpointer.status(),
    stop: async () => {
      keys.stop();
      await checkpointer.stop();
    },
  };
}
