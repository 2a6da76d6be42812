import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CheckpointerEnvSchema as EnvSchema } from "./checkpointer-env";
import { CHECKPOINT_BOUND_MS, CHECKPOINT_SETTLE_MS, startCheckpointLoop } from "./checkpoint-loop";

// ADR 012: the longest a checkpoint attempt may take for the bound to hold at the longest interval (two attempts,
// 40 s and the settling second); the audit settling wait is 3 s of it.
const LONGEST_ATTEMPT_MS = 9_000;

interface Run {
  /** When each attempt started and ended, on the virtual clock. */
  attempts: { start: number; end: number }[];
  wake(): void;
  finish(): Promise<void>;
}

function runLoop(intervalMs: number, attemptMs: number): Run {
  const attempts: Run["attempts"] = [];
  const loop = startCheckpointLoop({
    intervalMs,
    tick: async () => {
      const attempt = { start: Date.now(), end: Number.POSITIVE_INFINITY };
      attempts.push(attempt);
      if (attemptMs > 0) await new Promise((resolve) => setTimeout(resolve, attemptMs));
      attempt.end = Date.now();
      return "done";
    },
  });
  return {
    attempts,
    wake: () => loop.wake(),
    finish: async () => {
      const stopped = loop.stop();
      await vi.runAllTimersAsync();
      await stopped;
    },
  };
}

describe("when the checkpointer looks (virtual clock: no test waits in real time)", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("every committed consent event is checkpointed within 60 s, notified or not, at any interval the settings allow", async () => {
    // Every interval the settings accept (LEDGER_CHECKPOINT_INTERVAL_MS), and none that would break the bound.
    const intervals = fc.integer({ min: 1_000, max: 40_000 });
    expect(EnvSchema.safeParse({ LEDGER_CHECKPOINT_INTERVAL_MS: "40000" }).success).toBe(true);
    expect(EnvSchema.safeParse({ LEDGER_CHECKPOINT_INTERVAL_MS: "40001" }).success).toBe(false);
    expect(EnvSchema.safeParse({ LEDGER_CHECKPOINT_INTERVAL_MS: "999" }).success).toBe(false);
    await fc.assert(
      fc.asyncProperty(
        intervals,
        fc.integer({ min: 0, max: LONGEST_ATTEMPT_MS }),
        fc.array(fc.record({ at: fc.integer({ min: 1, max: 150_000 }), notified: fc.boolean() }), { maxLength: 10 }),
        async (intervalMs, attemptMs, commits) => {
          vi.setSystemTime(0);
          const run = runLoop(intervalMs, attemptMs);
          let now = 0;
          for (const commit of [...commits].sort((a, b) => a.at - b.at)) {
            await vi.advanceTimersByTimeAsync(commit.at - now);
            now = commit.at;
            // A lost notification (a dropped LISTEN connection) is the unnotified case.
            if (commit.notified) run.wake();
          }
          await vi.advanceTimersByTimeAsync(CHECKPOINT_BOUND_MS + 1);
          const attempts = run.attempts.map((attempt) => ({ ...attempt }));
          await run.finish();
          for (const commit of commits) {
            // An attempt that started after the commit reads a head that includes it.
            const seen = attempts.find((attempt) => attempt.start > commit.at);
            expect(seen, `commit at ${commit.at} ms never checkpointed`).toBeDefined();
            expect(seen!.end - commit.at, `commit at ${commit.at} ms (interval ${intervalMs}, attempt ${attemptMs})`).toBeLessThanOrEqual(CHECKPOINT_BOUND_MS);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("looks at once on start, one settling second after a notification, and otherwise once an interval", async () => {
    const run = runLoop(30_000, 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(run.attempts.map((attempt) => attempt.start)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(5_000);
    run.wake();
    await vi.advanceTimersByTimeAsync(CHECKPOINT_SETTLE_MS);
    expect(run.attempts.map((attempt) => attempt.start)).toEqual([0, 5_000 + CHECKPOINT_SETTLE_MS]);
    await vi.advanceTimersByTimeAsync(30_000 + CHECKPOINT_SETTLE_MS);
    expect(run.attempts.map((attempt) => attempt.start)).toEqual([0, 6_000, 6_000 + 30_000 + CHECKPOINT_SETTLE_MS]);
    await run.finish();
  });

  it("tries again soon when another checkpointer held the lock, and keeps going after a failed attempt", async () => {
    const outcomes: ("done" | "again" | "fail")[] = ["again", "fail", "done"];
    const starts: number[] = [];
    const loop = startCheckpointLoop({
      intervalMs: 40_000,
      tick: async () => {
        starts.push(Date.now());
        const outcome = outcomes.shift() ?? "done";
        if (outcome === "fail") throw new Error("database unreachable");
        return outcome;
      },
    });
    await vi.advanceTimersByTimeAsync(CHECKPOINT_SETTLE_MS + 40_000 + CHECKPOINT_SETTLE_MS);
    expect(starts).toEqual([0, CHECKPOINT_SETTLE_MS, 42_000]);
    const stopped = loop.stop();
    await vi.runAllTimersAsync();
    await stopped;
  });
});
