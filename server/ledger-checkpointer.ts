import { checkpointLogPath, openCheckpointKeys, takeLedgerCheckpoint, witnessLedgerEvents, type CheckpointKeys, type LiveCheckpointKeys } from "../app/domain/consent/index.server";
import { dataDir, getEnv, type Env } from "../app/env.server";
import { startLedgerCheckpointer as startCheckpointer, type LedgerCheckpointer } from "@tsunagi/ledger-checkpointer/start-ledger-checkpointer";
import type { RelayLog } from "@tsunagi/outbox-relay/relay-log";

export type { LedgerCheckpointer } from "@tsunagi/ledger-checkpointer/start-ledger-checkpointer";

export interface LedgerCheckpointerOptions {
  /** A fixed set, or the key file as it stands at each attempt (ADR 054: a rotation needs no restart). */
  keys: CheckpointKeys | LiveCheckpointKeys;
  logFile: string;
  intervalMs: number;
  settleMs?: number;
  /** For the LISTEN connection; default DATABASE_URL. */
  databaseUrl?: string;
  log?: RelayLog;
}

/**
 * The ledger checkpointer (`@tsunagi/ledger-checkpointer`, ADR 106) given the domain's work: the consent concept's
 * witness records each event as it commits (ADR 113, beside `logFile`) and the consent concept takes each checkpoint
 * (signed, appended to `logFile`, copied into the database), through its public entry. It publishes nothing: a public
 * checkpoint after each change would tell the minute of every consent event, so publications keep their own fixed
 * schedule (the queue's transparency.checkpoint job, ADR 114). The app's process runs it (server/app-services.ts,
 * `npm start`, `npm run dev`).
 */
export async function startLedgerCheckpointer(options: LedgerCheckpointerOptions): Promise<LedgerCheckpointer> {
  const given = options.keys;
  const keysNow = (): CheckpointKeys => ("current" in given ? given.current() : given);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? getEnv().DATABASE_URL;
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
 * The checkpointer as `npm start` runs it: keys, log and interval from the environment. The key file is re-read when
 * it changes (every `keysCheckMs`, default 10 s, and on SIGHUP; ADR 054); one that cannot sign now is refused at start.
 */
export async function startLedgerCheckpointerFromEnv(
  env: Env = getEnv(),
  overrides: Partial<LedgerCheckpointerOptions> & { keysCheckMs?: number } = {},
): Promise<LedgerCheckpointer> {
  const folder = dataDir(env);
  const { keysCheckMs, ...rest } = overrides;
  const keys = await openCheckpointKeys({ keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: folder, generate: true, signer: true, service: "checkpointer" });
  let checkpointer: LedgerCheckpointer;
  try {
    checkpointer = await startLedgerCheckpointer({
      keys,
      logFile: checkpointLogPath({ logFile: env.LEDGER_CHECKPOINT_LOG, dataDir: folder }),
      intervalMs: env.LEDGER_CHECKPOINT_INTERVAL_MS,
      ...rest,
    });
  } catch (error) {
    keys.stop();
    throw error;
  }
  keys.watch({ checkMs: keysCheckMs });
  return {
    status: () => checkpointer.status(),
    stop: async () => {
      keys.stop();
      await checkpointer.stop();
    },
  };
}
