/**
 * Lines concurrent calls up at a lock, so a race happens every run instead of now and then. The ledger gate holds the
 * ledger-wide advisory lock on a connection of its own, the calls under test are started, and once every one of
 * them that has not already finished is waiting on a lock in PostgreSQL (at the ledger, or behind another call's
 * lock) the gate opens and they go on in whatever order PostgreSQL grants. Nothing is timed: it waits on
 * PostgreSQL's own record of who is waiting (pg_stat_activity).
 *
 *   const gate = await closeLedgerGate(db.url);
 *   const calls = [withdraw(), withdraw()].map(settled);
 *   await gate.openOnceQueued(calls);
 *   const results = await Promise.all(calls.map((call) => call.promise));
 */
import pg from "pg";
import { isAppError, type AppErrorCode } from "../../app/domain/kernel/app-error";
import { LEDGER_LOCK_KEY } from "../../app/domain/consent/ledger/append-consent-event.server";

export interface Settled<T> {
  readonly promise: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>;
  done: boolean;
}

/** A call whose end can be seen without awaiting it (and whose failure is kept, not thrown). */
export function settled<T>(call: Promise<T>): Settled<T> {
  const entry: { promise: Settled<T>["promise"]; done: boolean } = { promise: undefined as never, done: false };
  entry.promise = call.then(
    (value) => ((entry.done = true), { ok: true as const, value }),
    (error: unknown) => ((entry.done = true), { ok: false as const, error }),
  );
  return entry;
}

export interface LedgerGate {
  /**
   * Waits until at least as many sessions wait on a lock as there are unfinished calls among `calls` (plus
   * `alsoWaiting`: calls queued earlier that are still held).
   */
  waitUntilQueued(calls: readonly Settled<unknown>[], alsoWaiting?: number): Promise<void>;
  /** waitUntilQueued, then lets them through. */
  openOnceQueued(calls: readonly Settled<unknown>[]): Promise<void>;
  /** Lets them through now (also safe after openOnceQueued). */
  open(): Promise<void>;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

/** The gate at the ledger: every consent verb stops there before it appends. */
export function closeLedgerGate(url: string): Promise<LedgerGate> {
  return closeGate(url, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [LEDGER_LOCK_KEY]);
    return async () => void (await client.query("SELECT pg_advisory_unlock($1)", [LEDGER_LOCK_KEY]));
  });
}

/**
 * A gate at some rows, for what does not reach the ledger: `lockSql` locks them (SELECT … FOR UPDATE) in a
 * transaction that stays open until the gate opens. `beforeOpening` runs in that transaction just before it commits:
 * another user's write that lands between a call's read and its own write.
 */
export function closeRowGate(url: string, lockSql: string, params: unknown[], beforeOpening?: (client: pg.Client) => Promise<void>): Promise<LedgerGate> {
  return closeGate(url, async (client) => {
    await client.query("BEGIN");
    await client.query(lockSql, params);
    return async () => {
      await beforeOpening?.(client);
      await client.query("COMMIT");
    };
  });
}

async function closeGate(url: string, close: (client: pg.Client) => Promise<() => Promise<void>>): Promise<LedgerGate> {
  const client = new pg.Client({ connectionString: url });
  // Watches from outside any transaction: inside one, pg_stat_activity is a snapshot taken at its first read.
  const observer = new pg.Client({ connectionString: url });
  await Promise.all([client.connect(), observer.connect()]);
  const release = await close(client);
  let opened = false;
  const open = async () => {
    if (opened) return;
    opened = true;
    await release();
    await Promise.all([client.end(), observer.end()]);
  };
  const waiting = async () => {
    const { rows } = await observer.query<{ count: string }>(
      `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    return Number(rows[0]!.count);
  };
  const waitUntilQueued = async (calls: readonly Settled<unknown>[], alsoWaiting = 0) => {
    while (!opened && (await waiting()) < alsoWaiting + calls.filter((call) => !call.done).length) await pause();
  };
  return {
    open,
    waitUntilQueued,
    async openOnceQueued(calls) {
      await waitUntilQueued(calls);
      await open();
    },
  };
}

export type Outcome<T> = Awaited<Settled<T>["promise"]>;

/** Starts every call behind the gate, opens it once all are queued, and returns how each ended, in call order. */
export async function atOnce<T>(closing: Promise<LedgerGate>, calls: (() => Promise<T>)[]): Promise<Outcome<T>[]> {
  const gate = await closing;
  try {
    const running = calls.map((call) => settled(call()));
    await gate.openOnceQueued(running);
    return await Promise.all(running.map((entry) => entry.promise));
  } finally {
    await gate.open();
  }
}

export function succeeded<T>(outcomes: Outcome<T>[]): T[] {
  return outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
}

/** The refusal codes, in order; anything that is not a translated refusal (a 500 in the app) fails the test. */
export function refusals(outcomes: Outcome<unknown>[]): AppErrorCode[] {
  return outcomes.flatMap((outcome) => {
    if (outcome.ok) return [];
    if (!isAppError(outcome.error)) throw outcome.error;
    return [outcome.error.code];
  });
}

/** The refusal a call gets (one after the others, to compare with what the concurrent ones got). */
export async function refusalOf(call: Promise<unknown>): Promise<AppErrorCode> {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${error === null ? "success" : String(error)}`);
  return error.code;
}
