import type { PoolClient } from "pg";
import type { IncomingMessage } from "./message-stream";
import { parkedAs } from "./triage-batch";

/** Where a stream keeps what it parked (ADR 024): a table with the event id, the position, the record's key, the kind, the schema version, the reason and the message as sent. */
export interface ParkingTable {
  /** `bridge.parked_message`, `bridge.parked_approval_message`: a constant of the stream's, never input. */
  table: string;
  positionColumn: string;
  keyColumn: string;
  /** The key column's type: `text` (a pseudonym), `uuid` (an approval). */
  keyType: "text" | "uuid";
}

/**
 * Parks messages in the stream's table, each once (its event id is as much a dedupe key there as in the changes): kept
 * as sent, never applied, never dropped, until a bridge that can read them applies them at its start.
 */
export async function parkMessages<C extends IncomingMessage<{ eventId: string }, { kind: string; schemaVersion: string }, string>>(
  client: PoolClient,
  parking: ParkingTable,
  toPark: readonly { change: C; reason: string }[],
  keyOf: (change: C) => string,
  positionOf: (change: C) => string,
): Promise<void> {
  if (toPark.length === 0) return;
  await client.query(
    `INSERT INTO ${parking.table} (event_id, ${parking.positionColumn}, ${parking.keyColumn}, kind, schema_version, reason, message)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::${parking.keyType}[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
     ON CONFLICT (event_id) DO NOTHING`,
    [
      toPark.map(({ change }) => change.raw.eventId),
      toPark.map(({ change }) => positionOf(change)),
      toPark.map(({ change }) => keyOf(change)),
      toPark.map(({ change }) => parkedAs(change).kind),
      toPark.map(({ change }) => parkedAs(change).schemaVersion),
      toPark.map(({ reason }) => reason),
      toPark.map(({ change }) => JSON.stringify(change.raw)),
    ],
  );
}
