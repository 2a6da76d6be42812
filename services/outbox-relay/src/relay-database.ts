import pg from "pg";
import { checkServiceLogin, SERVICE_ROLES, type LoginInspection } from "@tsunagi/service-kit/database-login";
import { serviceLogger } from "@tsunagi/service-kit/logger";

/**
 * The relay's own connections to PostgreSQL (ADR 055, 102): a small pool as `tsunagi_relay`, which may read the
 * outboxes and stamp their deliveries and nothing else. Plain `pg`, as the bridge: the relay owns the few statements
 * it runs (`outbox-streams.ts`) and needs neither the app's client nor its schema.
 */
export interface RelayDatabase {
  query<Row extends Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export function openRelayDatabase(databaseUrl: string): RelayDatabase {
  // Four lanes and the heartbeat each hold at most one statement at a time.
  const pool = new pg.Pool({ connectionString: databaseUrl, options: `-c role=${SERVICE_ROLES.relay}`, max: 4 });
  // A connection the server ended (a restart) must not crash the relay: the lane's next statement fails, is retried
  // with backoff, and opens a new connection.
  pool.on("error", () => undefined);
  return {
    query: async <Row extends Record<string, unknown>>(text: string, values: readonly unknown[] = []) => (await pool.query<Row>(text, values as unknown[])).rows,
    close: () => pool.end(),
  };
}

/**
 * At the relay's start: is it logged in as its own login (ADR 055)? `enforce` (production) throws when not — a
 * superuser, the schema's owner, or a login that may also act as another service's role — so a mistaken DATABASE_URL
 * stops the relay; with `warn` it says so once. Asked through the pool it will deliver with.
 */
export async function checkRelayLogin(databaseUrl: string, options: { enforce: boolean; warn: boolean }): Promise<LoginInspection> {
  const db = openRelayDatabase(databaseUrl);
  try {
    return await checkServiceLogin({
      query: (text, values) => db.query(text, values),
      service: "relay",
      enforce: options.enforce,
      warn: options.warn ? (message) => serviceLogger("relay").warn(message) : undefined,
    });
  } finally {
    await db.close();
  }
}
