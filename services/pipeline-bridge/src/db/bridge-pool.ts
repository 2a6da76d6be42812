import pg from "pg";
import { SERVICE_ROLES } from "@tsunagi/service-kit/database-login";

/**
 * The bridge works as this role (created by the pipeline-bridge migration) whatever user the URL names — in
 * production the URL names the bridge's own login, a member of this role only (ADR 055) — and it reads
 * and writes the `bridge` schema and reads only the API-token columns it needs from the app's tables, never
 * identity, participants, the ledger or the outbox.
 */
export const BRIDGE_ROLE = SERVICE_ROLES.bridge;

export type BridgePool = pg.Pool;

export function createBridgePool(databaseUrl: string, onError: (error: Error) => void): BridgePool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    options: `-c role=${BRIDGE_ROLE}`,
    max: 10,
    // A database that stops answering must turn into `database_unavailable` quickly, not a hung request.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    application_name: "tsunagi-pipeline-bridge",
  });
  // An idle connection the server dropped must not crash the process; the health probe notices the outage.
  pool.on("error", onError);
  return pool;
}

/** A single connection as the bridge role, for LISTEN. */
export function createBridgeClient(databaseUrl: string): pg.Client {
  return new pg.Client({ connectionString: databaseUrl, options: `-c role=${BRIDGE_ROLE}`, connectionTimeoutMillis: 3_000, application_name: "tsunagi-pipeline-bridge-listen" });
}

/**
 * Runs `work` on one connection taken from the pool. A connection the server ends while it is checked out (a
 * restart, an administrator) is reported on the client, which the pool listens to only while it holds it idle:
 * listen here too, and discard such a connection, or the process sees an unhandled error.
 */
export async function withPooledClient<T>(pool: BridgePool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  const onClientError = (error: Error) => {
    failure ??= error;
  };
  client.on("error", onClientError);
  try {
    return await work(client);
  } catch (error) {
    failure ??= error as Error;
    throw error;
  } finally {
    client.off("error", onClientError);
    client.release(failure);
  }
}

/** The database did not answer within the deadline the caller allowed it (frozen, or cut off without a reset). */
export class DatabaseDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`The database did not answer within ${deadlineMs} ms`);
    this.name = "DatabaseDeadlineError";
  }
}

/**
 * One query that settles within `deadlineMs`, whatever the database does: a server that stops answering without
 * closing its connections (SIGSTOP, a partition) holds a plain query, and a new connection's start-up, for ever.
 * Past the deadline it rejects with DatabaseDeadlineError; the query itself is given up at the same moment (pg's
 * query_timeout), which releases its connection as broken, so stuck connections do not pile up in the pool.
 */
export async function queryWithinDeadline<Row extends pg.QueryResultRow>(pool: BridgePool, deadlineMs: number, text: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseDeadlineError(deadlineMs)), deadlineMs);
  });
  // query_timeout per query is read by pg's client (lib/client.js) but not declared in @types/pg's QueryConfig.
  const query = pool.query<Row>({ text, values, query_timeout: deadlineMs } as pg.QueryConfig);
  // Settles after the deadline when the pool was still waiting for a connection: nobody is listening then.
  query.catch(() => undefined);
  try {
    return await Promise.race([query, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
