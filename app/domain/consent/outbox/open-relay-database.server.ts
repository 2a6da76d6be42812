import { openDatabase, RELAY_ROLE, type Database } from "../../../db.server";

export interface RelayDatabase {
  /** Pass to the outbox's domain functions: it works as the relay's role, which reads the outboxes and stamps deliveries only. */
  db: Database;
  close(): Promise<void>;
}

/**
 * The outbox relay's own connection to the database, as role `tsunagi_relay` whatever user the URL names (ADR 055):
 * in production that URL names the relay's own login, a member of that role only, so a relay's host holds no
 * credential that reads identity, the ledger or accounts.
 */
export function openRelayDatabase(databaseUrl: string): RelayDatabase {
  const db = openDatabase(databaseUrl, RELAY_ROLE);
  return { db, close: () => db.$disconnect() };
}
