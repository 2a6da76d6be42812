import { retryDelayMs, type BackoffPolicy } from "./backoff";
import { describeError, type RelayLog } from "./relay-log";
import { Waker } from "./waker";

export interface DeliveryLane {
  /** The outbox changed: look now rather than at the next poll (unless backing off). */
  wake(): void;
  /** The receiver answers again (its heartbeat got through after failing): end a backoff pause and try now. */
  retryNow(): void;
  /** Ends the loop, aborting a request in flight; resolves when it has ended. */
  stop(): Promise<void>;
  /** Failed attempts in a row (0 when the last attempt succeeded). */
  readonly failures: number;
}

/**
 * The loop that drains the outbox towards one destination. `deliverBatch` sends the next batch and returns how
 * many rows the destination acknowledged (0: nothing to send), or throws after recording the failure. Between
 * batches it waits for a NOTIFY or the poll; after a failure it backs off with full jitter, independently of
 * every other lane.
 */
export function startDeliveryLane(options: {
  /** Named in the log: the stream's lane (relay-streams.ts), `bridge` and `nats` for consent, `approvals` and `nats-approvals` for approvals. */
  destination: string;
  deliverBatch: (signal: AbortSignal) => Promise<number>;
  pollMs: number;
  backoff: BackoffPolicy;
  log: RelayLog;
}): DeliveryLane {
  const waker = new Waker();
  let failures = 0;
  let delivered = 0;

  const run = async () => {
    while (!waker.stopped) {
      let count: number;
      try {
        count = await options.deliverBatch(waker.stopSignal);
      } catch (error) {
        if (waker.stopped) break;
        failures += 1;
        const retryInMs = retryDelayMs(failures, options.backoff);
        options.log("warn", "delivery failed; will retry", { destination: options.destination, attempt: failures, retryInMs, error: describeError(error) });
        await waker.pause(retryInMs);
        continue;
      }
      if (failures > 0) options.log("info", "delivery resumed", { destination: options.destination, failedAttempts: failures });
      failures = 0;
      delivered += count;
      // A full or partial batch went through: look again at once; an empty look waits for NOTIFY or the poll.
      if (count === 0) await waker.idle(options.pollMs);
    }
  };
  const done = run();

  return {
    wake: () => waker.wake(),
    retryNow: () => waker.retryNow(),
    stop: async () => {
      waker.stop();
      await done;
      if (delivered > 0) options.log("info", "delivery lane stopped", { destination: options.destination, delivered });
    },
    get failures() {
      return failures;
    },
  };
}
