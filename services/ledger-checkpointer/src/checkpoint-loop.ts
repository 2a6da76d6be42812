import { Waker } from "@tsunagi/outbox-relay/waker";

/** After a notification, wait this long so that a burst of consent changes becomes one checkpoint. */
export const CHECKPOINT_SETTLE_MS = 1_000;
/** ADR 012: every consent event is checkpointed within this long. */
export const CHECKPOINT_BOUND_MS = 60_000;

export interface CheckpointLoopOptions {
  /** One checkpoint attempt: "again" when it should be tried again soon (another checkpointer held the lock). */
  tick: () => Promise<"done" | "again">;
  /** The longest wait between attempts when nothing notifies (LEDGER_CHECKPOINT_INTERVAL_MS). */
  intervalMs: number;
  settleMs?: number;
}

export interface CheckpointLoop {
  /** A consent change committed (NOTIFY tsunagi_outbox): look soon. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * When to look for a moved head: at once on start, then after each notification (once the burst settles) and at
 * least every `intervalMs` whether or not one arrives — a lost notification or a dropped LISTEN connection delays
 * a checkpoint by at most the interval. An event committed while an attempt runs is seen by the next one, so the
 * longest a committed event waits is one attempt, the interval, the settling pause and one more attempt
 * (checkpoint-loop.test.ts checks this on a virtual clock).
 */
export function startCheckpointLoop(options: CheckpointLoopOptions): CheckpointLoop {
  const waker = new Waker();
  const settleMs = options.settleMs ?? CHECKPOINT_SETTLE_MS;
  const loop = (async () => {
    while (!waker.stopped) {
      const next = await options.tick().catch(() => "done" as const);
      if (waker.stopped) break;
      if (next === "done") await waker.idle(options.intervalMs);
      await waker.pause(settleMs);
    }
  })();
  return {
    wake: () => waker.wake(),
    stop: async () => {
      waker.stop();
      await loop;
    },
  };
}
