import { DEFAULT_BACKOFF } from "@tsunagi/outbox-relay/backoff";
import { announces, consentOutbox } from "@tsunagi/outbox-relay/outbox-streams";
import { listenForOutbox } from "@tsunagi/outbox-relay/outbox-listener";
import { describeError, serviceLog, type RelayLog } from "@tsunagi/outbox-relay/relay-log";
import { startCheckpointLoop } from "./checkpoint-loop";
import { recordCheckpointAttempt, recordRollback, recordWitnessLook } from "./checkpointer-metrics";

/** What one attempt at a checkpoint came to (the consent concept's `takeLedgerCheckpoint` answers one of these). */
export type CheckpointAttempt =
  /** `rollback`: the ledger lost an event the witness recorded; the checkpoint signed what the witness saw (ADR 113). */
  | { outcome: "taken"; rollback?: WitnessDivergence }
  /** Neither the ledger nor the audit log moved since the last checkpoint. */
  | { outcome: "unchanged" }
  /** Another checkpointer holds the lock. */
  | { outcome: "busy" }
  /** The database no longer extends the last checkpoint, or the log and the database's copy disagree. */
  | { outcome: "refused"; reason: string };

/** An event the witness recorded that the ledger no longer holds (the consent concept's `WitnessDivergence`). */
export interface WitnessDivergence {
  globalSeq: string;
  participantId: string;
  participantSeq: number;
  seenAt: string;
  found: "missing" | "differs";
}

/** What one look of the witness came to (the consent concept's `witnessLedgerEvents` answers one of these). */
export type WitnessAttempt = { outcome: "recorded" | "unchanged" } | { outcome: "diverged"; divergence: WitnessDivergence };

/** The keys as the checkpointer needs to know them: the one that may sign now, by id. */
export interface SigningKeys {
  signing: { kid: string } | null;
}

/**
 * What the checkpointer is given (ADR 106): the work of a checkpoint is the domain's — signing, the log outside the
 * database, the database's copy — and the app's wiring hands it over as functions, as the relay is handed its token.
 * The checkpointer owns when to look, what to say about it, and its own settings. It publishes nothing: public
 * checkpoints keep a fixed schedule of their own, so that they do not tell when consent changes happen (ADR 114).
 */
export interface LedgerCheckpointerOptions<Keys extends SigningKeys> {
  /** The keys that sign now: read at each attempt, so a rotated-in key signs from its time without a restart (ADR 054). */
  keys: () => Keys;
  /** One checkpoint with those keys. */
  takeCheckpoint: (keys: Keys) => Promise<CheckpointAttempt>;
  /**
   * The witness's look (ADR 113): run at once on every notification, without the checkpoint's settling pause, so an
   * event is recorded outside the database within milliseconds of its commit. Each checkpoint also looks first.
   */
  witness?: () => Promise<WitnessAttempt>;
  /**
   * The shortest time between the starts of two looks (default WITNESS_LOOK_GAP_MS): a notification within it is looked
   * at when it has passed. A notification after a quiet spell is looked at at once.
   */
  witnessGapMs?: number;
  /** For the LISTEN connection (the consent outbox's NOTIFY), as the app's role. */
  databaseUrl: string;
  intervalMs: number;
  settleMs?: number;
  log?: RelayLog;
  /** Said in the "started" line (the log file's path, say). */
  describe?: Record<string, unknown>;
}

export interface LedgerCheckpointer {
  /**
   * Attempts so far, the last one's outcome (null before the first), and whether notifications arrive; the witness's
   * looks so far and the last one's outcome.
   */
  status(): { listening: boolean; attempts: number; last: CheckpointAttempt["outcome"] | "failed" | null; witness: { looks: number; last: WitnessAttempt["outcome"] | "failed" | null } };
  stop(): Promise<void>;
}

/** A witness's look that has not answered within this long is reported (ADR 113: the window a superuser could widen). */
const WITNESS_SLOW_MS = 5_000;

/**
 * At most one look starts in this long (ADR 164): under a stream of changes a look takes the events of its last 20 ms
 * at once, rather than one look per commit costing the cores as much as the commit itself. A lone change is looked at
 * at once.
 */
export const WITNESS_LOOK_GAP_MS = 20;

/** The checkpointer's lines: JSON with service "checkpointer", like the relay's (ADR 027). */
export const checkpointerLog: RelayLog = (level, message, fields) => serviceLog("checkpointer")(level, message, fields);

/**
 * The ledger checkpointer (ADR 012): woken by the consent outbox's NOTIFY and by its own interval, it has the ledger's
 * and the audit log's heads checkpointed whenever either moved. Several may run (one per app
 * instance); an advisory lock lets one write at a time and the others find nothing to do.
 *
 * A refusal — the database no longer extends the last checkpoint — is logged once as a warning and repeated on
 * every attempt until resolved: it is what a rollback of the database looks like from here.
 */
export async function startLedgerCheckpointer<Keys extends SigningKeys>(options: LedgerCheckpointerOptions<Keys>): Promise<LedgerCheckpointer> {
  const log = options.log ?? checkpointerLog;
  const signing = options.keys().signing;
  if (!signing) throw new Error("The ledger checkpoint keys hold no key that may sign now, so checkpoints cannot be signed (LEDGER_CHECKPOINT_KEYS_FILE).");
  let signingKid = signing.kid;

  let last: CheckpointAttempt["outcome"] | "failed" | null = null;
  let attempts = 0;
  let lastRefusal: string | undefined;
  const tick = async (): Promise<"done" | "again"> => {
    try {
      // The key that signs now: a rotated-in key from its activation time, without a restart (ADR 054).
      const keys = options.keys();
      if (!keys.signing) throw new Error("no ledger checkpoint key may sign now");
      if (keys.signing.kid !== signingKid) log("info", "ledger checkpoints are now signed with another key", { keyId: keys.signing.kid, previousKeyId: signingKid });
      signingKid = keys.signing.kid;
      const result = await options.takeCheckpoint(keys);
      if (last === "failed") log("info", "ledger checkpoints resumed");
      last = result.outcome;
      recordCheckpointAttempt(result.outcome);
      if (result.outcome === "taken" && result.rollback) reportRollback(result.rollback, "the checkpoint signs what the witness recorded, so every verifier names it");
      if (result.outcome === "refused") {
        if (result.reason !== lastRefusal) log("warn", "ledger checkpoint refused: the database does not extend the last checkpoint; run npm run ledger:verify", { reason: result.reason });
        lastRefusal = result.reason;
      } else lastRefusal = undefined;
      return result.outcome === "busy" ? "again" : "done";
    } catch (error) {
      if (last !== "failed") log("warn", "ledger checkpoint failed; trying again at the next interval", { error: describeError(error) });
      last = "failed";
      recordCheckpointAttempt("failed");
      return "done";
    } finally {
      attempts += 1;
    }
  };

  let lastRollback: string | undefined;
  /** Said once per lost event, at error: a rollback of the consent ledger is an incident, not a retry. */
  const reportRollback = (divergence: WitnessDivergence, then: string) => {
    const key = `${divergence.globalSeq}:${divergence.found}`;
    if (key === lastRollback) return;
    lastRollback = key;
    recordRollback();
    log("error", `the consent ledger no longer holds an event the witness recorded (${divergence.found}); ${then}; run npm run ledger:verify`, { ...divergence });
  };

  // The witness's looks: one at a time, at most one starting per gap; a notification during a look, or within the gap
  // after one started, asks for one more once both have passed (never lost).
  const gapMs = options.witnessGapMs ?? WITNESS_LOOK_GAP_MS;
  let looks = 0;
  let lastLook: WitnessAttempt["outcome"] | "failed" | null = null;
  let looking: Promise<void> | null = null;
  let lookAgain = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  let pending: NodeJS.Timeout | null = null;
  let stopped = false;
  const look = async (witness: () => Promise<WitnessAttempt>) => {
    lastStart = performance.now();
    // A look held off (its read waiting on a lock, its connection gone) leaves new events unwitnessed: said, not waited out.
    const slow = setTimeout(() => log("warn", "the ledger witness has waited 5 s for the database; consent events since are not yet witnessed"), WITNESS_SLOW_MS);
    try {
      const result = await witness();
      if (lastLook === "failed") log("info", "the ledger witness records again");
      lastLook = result.outcome;
      recordWitnessLook(result.outcome);
      if (result.outcome === "diverged") reportRollback(result.divergence, "the witness keeps what it saw and records nothing after it");
    } catch (error) {
      if (lastLook !== "failed") log("warn", "the ledger witness could not look; the next checkpoint looks again", { error: describeError(error) });
      lastLook = "failed";
      recordWitnessLook("failed");
    } finally {
      clearTimeout(slow);
      looks += 1;
    }
  };
  const witnessNow = () => {
    if (!options.witness || stopped) return;
    if (looking) {
      lookAgain = true;
      return;
    }
    if (pending) return;
    const wait = lastStart + gapMs - performance.now();
    if (wait > 0) {
      pending = setTimeout(() => {
        pending = null;
        witnessNow();
      }, wait);
      return;
    }
    looking = look(options.witness).finally(() => {
      looking = null;
      if (lookAgain) {
        lookAgain = false;
        witnessNow();
      }
    });
  };

  const loop = startCheckpointLoop({ tick, intervalMs: options.intervalMs, settleMs: options.settleMs });
  const listener = await listenForOutbox({
    databaseUrl: options.databaseUrl,
    as: "app",
    onNotify: (payload) => {
      // Every ledger event writes a row of the consent outbox; an approval's notification moves the audit log
      // (checkpointed), not the ledger (witnessed).
      if (announces(consentOutbox, payload)) witnessNow();
      loop.wake();
    },
    backoff: DEFAULT_BACKOFF,
    log,
  });
  log("info", "ledger checkpointer started", { ...options.describe, keyId: signing.kid, intervalMs: options.intervalMs, listening: listener.listening });

  let stopping: Promise<void> | undefined;
  return {
    status: () => ({ listening: listener.listening, attempts, last, witness: { looks, last: lastLook } }),
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        if (pending) clearTimeout(pending);
        pending = null;
        await loop.stop();
        await listener.stop();
        await looking;
        log("info", "ledger checkpointer stopped");
      })()),
  };
}
