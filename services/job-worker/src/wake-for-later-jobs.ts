import type pg from "pg";
import type { WorkerEvents } from "graphile-worker";
import { JOB_QUEUE_SCHEMA } from "@tsunagi/service-kit/database-login";

/** The longest a timer waits before asking again (a job due in three days is asked about again each hour). */
const LONGEST_TIMER_MS = 60 * 60 * 1000;
/** After the due time, so the worker's own clock check (run_at <= now()) has passed when it looks. */
const AFTER_DUE_MS = 5;

export interface LaterJobsWaker {
  stop(): void;
}

/**
 * graphile-worker hears of a job the moment it commits (the insert's NOTIFY), but of a job that falls due later — a
 * campaign's paced letter, a retry after its backoff — only when it next polls. Polling every two seconds is what an
 * idle system spent most on (issue 30 item 5); this asks instead when the next waiting job falls due, and at that time
 * raises the same NOTIFY an insert raises, so the worker looks then (ADR 111). It asks again whenever the queue says
 * something changed: a job added (every insert notifies, a job for later too), an attempt failed (its retry is set
 * for later), the worker's listening connection made again. The worker's own poll stays, once a minute, for anything
 * that changes the queue without a word (a row edited by hand).
 */
export function wakeForLaterJobs(pool: pg.Pool, events: WorkerEvents, onError: (error: unknown) => void): LaterJobsWaker {
  let timer: NodeJS.Timeout | undefined;
  let asking = false;
  let askAgain = false;
  let stopped = false;

  const setTimer = (waitMs: number, due: boolean) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => void (due ? wake() : ask()), waitMs);
    timer.unref();
  };

  const wake = async () => {
    try {
      await pool.query(`SELECT pg_notify('jobs:insert', '{"count":1}')`);
    } catch (error) {
      if (!stopped) onError(error);
    }
    // The notification comes back to the listener below, which asks for the next one.
  };

  const ask = async () => {
    if (stopped) return;
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    try {
      do {
        askAgain = false;
        // The queue's own index (priority, run_at, WHERE is_available) answers it.
        const { rows } = await pool.query<{ wait_ms: number | null }>(
          `SELECT (extract(epoch FROM min(run_at) - now()) * 1000)::float8 AS wait_ms
             FROM ${JOB_QUEUE_SCHEMA}._private_jobs WHERE is_available AND run_at > now()`,
        );
        const waitMs = rows[0]?.wait_ms;
        if (waitMs === null || waitMs === undefined) {
          clearTimeout(timer);
          timer = undefined;
        } else if (waitMs + AFTER_DUE_MS > LONGEST_TIMER_MS) setTimer(LONGEST_TIMER_MS, false);
        else setTimer(Math.ceil(waitMs) + AFTER_DUE_MS, true);
      } while (askAgain && !stopped);
    } catch (error) {
      if (!stopped) onError(error);
    } finally {
      asking = false;
    }
  };

  /**
   * A failed attempt's retry time is written by the worker after it says the attempt failed, without waiting for the
   * write: ask once the row is unlocked (or gone), a few milliseconds later as a rule, giving up after two seconds.
   */
  const askAfterFailureWritten = async (jobId: string) => {
    try {
      for (let tries = 0; tries < 40 && !stopped; tries++) {
        const { rows } = await pool.query<{ locked: boolean }>(`SELECT locked_at IS NOT NULL AS locked FROM ${JOB_QUEUE_SCHEMA}._private_jobs WHERE id = $1`, [jobId]);
        if (!rows[0]?.locked) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch (error) {
      if (!stopped) onError(error);
    }
    await ask();
  };

  const onNotification = ({ message }: { message: { channel: string } }) => {
    if (message.channel === "jobs:insert") void ask();
  };
  const onListening = () => void ask();
  const onFailedAttempt = ({ job }: { job: { id: string } }) => void askAfterFailureWritten(job.id);
  events.on("pool:listen:notification", onNotification);
  events.on("pool:listen:success", onListening);
  events.on("job:error", onFailedAttempt);
  void ask();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      events.off("pool:listen:notification", onNotification);
      events.off("pool:listen:success", onListening);
      events.off("job:error", onFailedAttempt);
    },
  };
}
