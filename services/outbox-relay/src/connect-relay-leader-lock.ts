import pg from "pg";
import { SERVICE_ROLES } from "@tsunagi/service-kit/database-login";

/**
 * The advisory lock key only the leading outbox relay holds ("tsrl"). Session-level: PostgreSQL lets it go the moment
 * the holder's connection ends, which is what hands leadership on when a relay dies (ADR 049).
 */
export const RELAY_LEADER_LOCK = 0x74_73_72_6c;

/** What a relay holding (or hoping for) leadership sees of its dedicated connection. */
export interface RelayLeaderLockConnection {
  /** Takes the lock if nobody holds it; true when this connection holds it now (also when it already did). */
  tryAcquire(): Promise<boolean>;
  /** Asks the server, within `timeoutMs`, whether this connection still holds the lock. A failure or timeout is "no". */
  stillHeld(timeoutMs: number): Promise<boolean>;
  /** Settles when the connection ends or fails: the lock is gone with it. */
  readonly lost: Promise<void>;
  /** True once `lost` has settled. */
  readonly ended: boolean;
  /** Ends the connection, which releases the lock. */
  close(): Promise<void>;
}

/**
 * A dedicated connection (as the relay's role) for the relay's leader lock. Pooled connections cannot hold a session
 * lock, so this one is opened apart, with TCP keepalive and the server told to probe it every few seconds, so a
 * leader whose machine vanished without closing the socket is noticed and its lock freed.
 */
export async function connectRelayLeaderLock(options: { databaseUrl: string; relayId: string }): Promise<RelayLeaderLockConnection> {
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    // The keepalive settings make the server drop (and so unlock) a silent peer in about 5 + 3 × 2 s.
    options: `-c role=${SERVICE_ROLES.relay} -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3`,
    application_name: `tsunagi relay leader lock (${options.relayId})`.slice(0, 63),
    keepAlive: true,
    keepAliveInitialDelayMillis: 5_000,
  });
  let ended = false;
  const lost = new Promise<void>((resolve) => {
    const end = () => {
      ended = true;
      resolve();
    };
    client.once("error", end);
    client.once("end", end);
  });
  client.on("error", () => undefined); // the holder learns of it through `lost`
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }

  const held = async (): Promise<boolean> => {
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
          AND classid = 0 AND objid = $1 AND objsubid = 1) AS held`,
      [RELAY_LEADER_LOCK],
    );
    return rows[0]?.held === true;
  };

  return {
    async tryAcquire() {
      if (ended) return false;
      // Re-entrant in PostgreSQL: a second success would stack a second hold, so ask first.
      if (await held()) return true;
      const { rows } = await client.query<{ acquired: boolean }>("SELECT pg_try_advisory_lock($1) AS acquired", [RELAY_LEADER_LOCK]);
      return rows[0]?.acquired === true;
    },
    async stillHeld(timeoutMs) {
      if (ended) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([held().catch(() => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    lost,
    get ended() {
      return ended;
    },
    // A peer that vanished may never answer the goodbye: after a second the socket is destroyed, which a live server
    // sees at once (and frees the lock); a vanished one frees it when its keepalive gives up.
    async close() {
      const ended = await Promise.race([client.end().then(() => true, () => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 1_000).unref())]);
      if (!ended) (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    },
  };
}
