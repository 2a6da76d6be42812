import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { BridgePool } from "../db/bridge-pool";

const log = serviceLogger("bridge");

/** How often pending releases are looked for besides after each release: a failed or interrupted step is retried. */
export const RELEASE_SAMPLES_CHECK_MS = 60_000;

export interface ReleaseSampleRecorder {
  /** Resolves when the check made at start has finished (recorded what was pending, or failed and logged it). */
  readonly ready: Promise<void>;
  /** Records whatever is pending soon, without waiting (called after a release commits). */
  wake(): void;
  /** Resolves once no release is being recorded (for tests and benchmarks). */
  idle(): Promise<void>;
  /** Stops the timer and waits for a recording under way. */
  stop(): Promise<void>;
}

/**
 * Writes each committed release's `bridge.release_sample` rows after its commit (ADR 082): at start (what a crash
 * left pending), after each release, and every minute (what a failure left pending). One release at a time, oldest
 * first, each in its own transaction (`bridge.record_release_samples`, which writes a release once however many
 * replicas call it). Until then the app reads a release's samples from its manifest, so nothing here is urgent for
 * correctness; a failure is logged and retried at the next check.
 */
export function recordReleaseSamples(db: BridgePool, options: { checkMs?: number } = {}): ReleaseSampleRecorder {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const recordPending = async () => {
    const { rows } = await db.query<{ id: string }>("SELECT id::text AS id FROM bridge.releases_awaiting_samples() AS id");
    for (const { id } of rows) {
      if (stopped) return;
      const started = performance.now();
      const { rows: written } = await db.query<{ samples: number | null }>("SELECT bridge.record_release_samples($1) AS samples", [id]);
      const samples = written[0]?.samples;
      if (samples !== null && samples !== undefined) log.info({ releaseId: id, samples, ms: Math.round(performance.now() - started) }, `recorded the ${samples} samples of release ${id}`);
    }
  };

  const run = (): Promise<void> => {
    again = true;
    running ??= (async () => {
      try {
        while (again && !stopped) {
          again = false;
          await recordPending();
        }
      } catch (error) {
        log.warn({ error: errorText(error) }, "could not record a release's samples; the app reads them from its manifest until the next check");
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const ready = run();
  const timer = setInterval(() => void run(), options.checkMs ?? RELEASE_SAMPLES_CHECK_MS);
  timer.unref();
  return {
    ready,
    wake: () => void run(),
    idle: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
