/**
 * The state checksum (ADR 050): one SHA-256 over the consent ledger's events in global order and the current
 * consent states in participant order, each row as PostgreSQL's canonical jsonb text. Taken at backup time inside
 * the backup's own snapshot and again after a restore: equal checksums mean the restored consent history and
 * states are those of the original at the backup's point, event for event and field for field.
 *
 * It reads through a plain `pg` connection rather than Prisma so that the backup can take it in the very
 * transaction (the same snapshot) it copies the tables in. The caller must have a transaction open: the time zone
 * is pinned to UTC for it (timestamptz columns print in the session's zone), so two servers in different zones give
 * the same answer; participant ids are uuids, whose order does not depend on a collation.
 */
import { createHash } from "node:crypto";

/** What the checksum needs of a connection: `pg.Client` and `pg.PoolClient` fit. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface StateChecksum {
  /** Hex SHA-256. */
  checksum: string;
  /** The ledger's last global sequence ("0" when empty). */
  lastGlobalSeq: string;
  events: number;
  states: number;
}

const PAGE = 5000;

export async function computeStateChecksum(client: Queryable): Promise<StateChecksum> {
  await client.query("SET LOCAL TIME ZONE 'UTC'");
  const hash = createHash("sha256");
  hash.update("tsunagi-state-checksum/1\n");
  let events = 0;
  let last = "0";
  for (;;) {
    const { rows } = await client.query<{ seq: string; row: string }>(
      `SELECT e."globalSeq"::text AS seq, to_jsonb(e)::text AS row FROM "ConsentEvent" e
        WHERE e."globalSeq" > $1::bigint ORDER BY e."globalSeq" LIMIT ${PAGE}`,
      [last],
    );
    for (const { seq, row } of rows) {
      hash.update(`event ${seq} ${row}\n`);
      last = seq;
      events++;
    }
    if (rows.length < PAGE) break;
  }
  let states = 0;
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: { id: string; row: string }[] } = await client.query<{ id: string; row: string }>(
      `SELECT s."participantId"::text AS id, to_jsonb(s)::text AS row FROM "ConsentState" s
        WHERE $1::uuid IS NULL OR s."participantId" > $1::uuid
        ORDER BY s."participantId" LIMIT ${PAGE}`,
      [after],
    );
    for (const { id, row } of rows) {
      hash.update(`state ${id} ${row}\n`);
      after = id;
      states++;
    }
    if (rows.length < PAGE) break;
  }
  hash.update(`end ${events} ${states} ${last}\n`);
  return { checksum: hash.digest("hex"), lastGlobalSeq: last, events, states };
}
