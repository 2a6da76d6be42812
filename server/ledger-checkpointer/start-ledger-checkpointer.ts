import { checkpointLogPath, openCheckpointKeys, takeLedgerCheckpoint, type CheckpointKeys, type CheckpointOutcome, type LiveCheckpointKeys } from "../../app/domain/consent/index.server";
import { publishCheckpoint } from "../../app/domain/transparency/index.server";
import { dataDir, getEnv, type Env } from "../../app/env.server";
import { DEFAULT_BACKOFF } from "@tsunagi/outbox-relay/backoff";
import { listenForOutbox } from "@tsunagi/outbox-relay/outbox-listener";
import { describeError, serviceLog, type RelayLog } from "@tsunagi/outbox-relay/relay-log";
import { startCheckpointLoop } from "./checkpoint-loop";

export interface LedgerCheckpointerOptions {
  /** A fixed set, or the key file as it stands at each attempt (ADR 054: a rotation needs no restart). */
  keys: CheckpointKeys | LiveCheckpointKeys;
  logFile: string;
  intervalMs: number;
  settleMs?: number;
  /** For the LISTEN connection; default DATABASE_URL. */
  databaseUrl?: string;
  log?: RelayLog;
  /** Publish a checkpoint after each ledger checkpoint (issue 27 item 2); false only where a test looks at ledger checkpoints alone. */
  publish?: boolean;
}

export interface LedgerCheckpointer {
  /** Attempts so far, the last one's outcome (null before the first), and whether notifications arrive. */
  status(): { listening: boolean; attempts: number; last: CheckpointOutcome["outcome"] | "failed" | null };
  stop(): Promise<void>;
}

/** The checkpointer's lines: JSON with service "checkpointer", like the relay's (ADR 027). */
export const checkpointerLog: RelayLog = (level, message, fields) => serviceLog("checkpointer")(level, message, fields);

/**
 * The ledger checkpointer (ADR 012), inside `npm start`: woken by the consent outbox's NOTIFY and by its own
 * interval, it checkpoints the ledger's and the audit log's heads whenever either moved. Several may run (one per
 * app instance); an advisory lock lets one write at a time and the others find nothing to do.
 *
 * A refusal — the database no longer extends the last checkpoint — is logged once as a warning and repeated on
 * every attempt until resolved: it is what a rollback of the database looks like from here.
 */
export async function startLedgerCheckpointer(options: LedgerCheckpointerOptions): Promise<LedgerCheckpointer> {
  const log = options.log ?? checkpointerLog;
  const given = options.keys;
  const keysNow = (): CheckpointKeys => ("current" in given ? given.current() : given);
  const signing = keysNow().signing;
  if (!signing) throw new Error("The ledger checkpoint keys hold no key that may sign now, so checkpoints cannot be signed (LEDGER_CHECKPOINT_KEYS_FILE).");
  let signingKid = signing.kid;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? getEnv().DATABASE_URL;
  if (!databaseUrl) throw new Error("The ledger checkpointer needs DATABASE_URL (npm start provides it).");

  let last: CheckpointOutcome["outcome"] | "failed" | null = null;
  let attempts = 0;
  let lastRefusal: string | undefined;
  const tick = async (): Promise<"done" | "again"> => {
    try {
      // The key that signs now: a rotated-in key from its activation time, without a restart (ADR 054).
      const keys = keysNow();
      if (!keys.signing) throw new Error("no ledger checkpoint key may sign now");
      if (keys.signing.kid !== signingKid) log("info", "ledger checkpoints are now signed with another key", { keyId: keys.signing.kid, previousKeyId: signingKid });
      signingKid = keys.signing.kid;
      const result = await takeLedgerCheckpoint({ keys: { signing: keys.signing, publicJwks: keys.publicJwks }, logFile: options.logFile });
      if (last === "failed") log("info", "ledger checkpoints resumed");
      last = result.outcome;
      if (result.outcome === "refused") {
        if (result.reason !== lastRefusal) log("warn", "ledger checkpoint refused: the database does not extend the last checkpoint; run npm run ledger:verify", { reason: result.reason });
        lastRefusal = result.reason;
      } else lastRefusal = undefined;
      // Published within the same minute (issue 27 item 2): a rollback of the database can hide only in the time
      // between a change and the next attempt, not an hour. Also after "unchanged", so a publication that failed
      // last time is made now; it returns at once when the published heads are current.
      if ((result.outcome === "taken" || result.outcome === "unchanged") && options.publish !== false) await publishAfterCheckpoint(keys);
      return result.outcome === "busy" ? "again" : "done";
    } catch (error) {
      if (last !== "failed") log("warn", "ledger checkpoint failed; trying again at the next interval", { error: describeError(error) });
      last = "failed";
      return "done";
    } finally {
      attempts += 1;
    }
  };

  let lastPublicationProblem: string | undefined;
  const publishAfterCheckpoint = async (keys: CheckpointKeys) => {
    try {
      await publishCheckpoint({ reason: "change", keys: { signing: keys.signing!, publicJwks: keys.publicJwks }, logFile: options.logFile, ledgerCheckpointTaken: true });
      if (lastPublicationProblem !== undefined) log("info", "checkpoints are published again");
      lastPublicationProblem = undefined;
    } catch (error) {
      const problem = describeError(error);
      if (problem !== lastPublicationProblem) log("warn", "checkpoint not published; trying again at the next attempt (npm run ledger:verify names any damage)", { error: problem });
      lastPublicationProblem = problem;
    }
  };

  const loop = startCheckpointLoop({ tick, intervalMs: options.intervalMs, settleMs: options.settleMs });
  const listener = await listenForOutbox({ databaseUrl, as: "app", onNotify: () => loop.wake(), backoff: DEFAULT_BACKOFF, log });
  log("info", "ledger checkpointer started", { logFile: options.logFile, keyId: signing.kid, intervalMs: options.intervalMs, listening: listener.listening });

  let stopping: Promise<void> | undefined;
  return {
    status: () => ({ listening: listener.listening, attempts, last }),
    stop: () =>
      (stopping ??= (async () => {
        await loop.stop();
        await listener.stop();
        log("info", "ledger checkpointer stopped");
      })()),
  };
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
