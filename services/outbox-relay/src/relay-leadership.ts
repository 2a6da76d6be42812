import { connectRelayLeaderLock, type RelayLeaderLockConnection } from "./connect-relay-leader-lock";
import { retryDelayMs, type BackoffPolicy } from "./backoff";
import { describeError, type RelayLog } from "./relay-log";
import { Waker } from "./waker";

/** What a leader runs: the delivering relay, stopped when leadership ends. */
export interface LeaderWork {
  stop(): Promise<void>;
}

export interface RelayLeadershipOptions {
  databaseUrl: string;
  relayId: string;
  /** How often a standby asks for the lock (and how long the leader waits for the answer when it confirms its hold). */
  checkMs: number;
  /** How often the leader confirms it still holds the lock; default LEADER_CONFIRM_MS, never more often than `checkMs` (ADR 111). */
  confirmMs?: number;
  backoff: BackoffPolicy;
  log: RelayLog;
  /** Starts delivering; called each time this relay becomes the leader. */
  lead(): Promise<LeaderWork>;
}

export interface RelayLeadership {
  /** True while this relay holds the lock and its delivery is running. */
  readonly leading: boolean;
  /** How many times this relay became the leader. */
  readonly terms: number;
  /** The running delivery while leading. */
  readonly work: LeaderWork | undefined;
  /** Stops delivering (if leading) and lets the lock go. */
  stop(): Promise<void>;
}

/**
 * How often a leader asks the server whether it still holds the lock (ADR 111). The end of its connection steps it down
 * at once whatever this is; the question only catches a session the server ended without the leader hearing (a
 * half-open socket), and an overlap that long is harmless (below). Every second, it was a third of an idle system's
 * statements.
 */
export const LEADER_CONFIRM_MS = 15_000;

/**
 * Leadership among any number of relays (ADR 049): whoever holds the PostgreSQL advisory lock RELAY_LEADER_LOCK on
 * its own connection delivers; the others ask for it every `checkMs`. The leader confirms every `confirmMs` that the
 * server still says it holds the lock, and steps down (stops delivering, then closes the connection, which frees the
 * lock if the server still thought it held) the moment the connection is lost or the check fails or times out.
 *
 * A relay killed outright loses its connection, so the server frees the lock at once and a standby leads within one
 * `checkMs`. Two relays may overlap for at most one `confirmMs` (a leader that has not yet noticed it lost the lock):
 * harmless, because the bridge and the stream drop an event id they already hold and a participant's state only
 * moves to a higher version — nothing is skipped (a row is marked delivered only after its receiver answered) and
 * no participant's state goes back.
 *
 * Resolves after the first try for the lock, so a relay alone is already delivering when this returns.
 */
export async function holdRelayLeadership(options: RelayLeadershipOptions): Promise<RelayLeadership> {
  const { log, relayId, checkMs } = options;
  const confirmMs = Math.max(checkMs, options.confirmMs ?? LEADER_CONFIRM_MS);
  const waker = new Waker();
  let connection: RelayLeaderLockConnection | undefined;
  let work: LeaderWork | undefined;
  let terms = 0;
  let connectFailures = 0;

  const stepDown = async (why: string) => {
    const running = work;
    work = undefined;
    if (running) {
      // Asked to stop is the ordinary end of a run (Ctrl+C, a deploy): info. Losing the lock or failing to start is a warning.
      log(why === "stopping" ? "info" : "warn", "stepping down as the outbox relay's leader", { relayId, why });
      await running.stop().catch((error: unknown) => log("warn", "delivery did not stop cleanly", { relayId, error: describeError(error) }));
    }
    const closing = connection;
    connection = undefined;
    await closing?.close();
  };

  /** One step of the loop: connect, try for the lock, or (leading) check it. Returns how long to wait before the next. */
  const step = async (): Promise<number> => {
    if (!connection) {
      try {
        connection = await connectRelayLeaderLock({ databaseUrl: options.databaseUrl, relayId });
        if (connectFailures > 0) log("info", "leader lock connection made again", { relayId, failedAttempts: connectFailures });
        connectFailures = 0;
      } catch (error) {
        connectFailures += 1;
        if (connectFailures === 1) log("warn", "cannot reach PostgreSQL for the leader lock; retrying", { relayId, error: describeError(error) });
        return retryDelayMs(connectFailures, options.backoff);
      }
    }
    if (!work) {
      const acquired = await connection.tryAcquire().catch(() => false);
      if (!acquired) return checkMs;
      try {
        work = await options.lead();
        terms += 1;
        log("info", "leading the outbox relay", { relayId, term: terms });
      } catch (error) {
        log("warn", "could not start delivering as leader; letting the lock go", { relayId, error: describeError(error) });
        await stepDown("start failed");
        return retryDelayMs(1, options.backoff);
      }
      return confirmMs;
    }
    if (!(await connection.stillHeld(checkMs))) {
      await stepDown("the leader lock is no longer held");
      return 2 * checkMs;
    }
    return confirmMs;
  };

  await step();
  const loop = (async () => {
    let wait = checkMs;
    while (!waker.stopped) {
      const lost = connection?.lost;
      await Promise.race(lost ? [waker.pause(wait), lost] : [waker.pause(wait)]);
      if (waker.stopped) break;
      if (connection?.ended) {
        const wasLeading = work !== undefined;
        await stepDown("the leader lock connection was lost");
        // A relay that just lost the lead lets the standbys ask first.
        if (wasLeading) {
          wait = 2 * checkMs;
          continue;
        }
      }
      wait = await step();
    }
  })();

  return {
    get leading() {
      return work !== undefined;
    },
    get terms() {
      return terms;
    },
    get work() {
      return work;
    },
    async stop() {
      waker.stop();
      await loop;
      await stepDown("stopping");
    },
  };
}
