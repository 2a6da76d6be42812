import type { ConsentChangeMessage, OutboxEnvelope, ParkReason } from "@tsunagi/consent-rules/consent-change-message";
import type { PoolClient, QueryConfig } from "pg";
import { preparedStatementNames } from "@tsunagi/service-kit/prepared-statements";
import { withPooledClient, type BridgePool } from "../db/bridge-pool";
import type { IncomingMessage } from "../streams/message-stream";
import { parkMessages, type ParkingTable } from "../streams/park-messages";
import { batchCounts, newestPerRecord, orderBatch, parkedAs, splitForStore } from "../streams/triage-batch";
import type { SubjectRecord } from "./subject-store";

/** One delivered message as the reader judged it (readOutboxMessage); malformed ones never get this far. */
export type IncomingChange = IncomingMessage<OutboxEnvelope, ConsentChangeMessage, ParkReason>;

/** Why a message waits in bridge.parked_message: the reader's reason, or an earlier parked message of its participant. */
export type ParkedReason = ParkReason | "behind_parked";

export interface AppliedChanges {
  /** Messages that became their participant's current state. */
  applied: number;
  /** Messages whose event id the bridge had already accepted. */
  duplicates: number;
  /** New events superseded by a higher version (already held, or later in the same batch). */
  stale: number;
  /** New messages parked: not readable by this bridge, or behind one that is not (ADR 024). */
  parked: number;
  /** The messages newly parked, to log and to deny their participants in memory once the transaction has committed. */
  parkedMessages: { eventId: string; globalSeq: string; pseudonym: string; kind: string; schemaVersion: string; reason: ParkedReason }[];
  /** The subjects whose state changed, to put in memory once the transaction has committed. */
  updated: SubjectRecord[];
  /**
   * Every readable message of the batch whose participant has no parked message, as a record, whether this bridge or
   * another process sharing the projection stored it: memory applies them by the version rule, so a bridge whose
   * tables were brought up to date by another replica (ADR 051) still learns each state it is handed.
   */
  readable: SubjectRecord[];
  /** Participants of the batch with a parked message (new or held before): denied in memory. */
  parkedPseudonyms: string[];
  /** The highest ledger position in the batch: every message up to it is now recorded. */
  highestGlobalSeq: bigint;
}

/** Where consent messages wait that this bridge cannot read yet (ADR 024). */
const consentParking: ParkingTable = { table: "bridge.parked_message", positionColumn: "global_seq", keyColumn: "pseudonym", keyType: "text" };

// One ingest at a time, so the feed's cursors (a sequence) become visible in the order they were assigned: a
// long-poll reader that saw cursor 12 can never later find an 11 committed behind it.
const INGEST_LOCK = 0x74_73_67_62; // "tsgb"

/**
 * Applies a batch of change messages in one transaction. Every new event id is recorded in bridge.consent_change
 * (the feed; a repeated id is a duplicate and changes nothing); a participant's state is replaced only by a higher
 * version, so duplicates and reordering never take a withdrawal back; the samples follow the state they came with.
 * A message the reader could not read, and every later one for its participant, goes to bridge.parked_message
 * instead: recorded once (its event id is as much a dedupe key there), never applied, never dropped (ADR 024).
 */
export async function applyConsentChanges(pool: BridgePool, changes: readonly IncomingChange[]): Promise<AppliedChanges> {
  return inIngestTransaction(pool, (client) => applyWithin(client, changes));
}

/** The ingest's statements, named after their text (ADR 165): parsed once per connection, then only bound and run. */
const preparedName = preparedStatementNames("ingest");
function prepared(text: string, values: unknown[]): QueryConfig {
  return { name: preparedName(text), text, values };
}

/**
 * Runs `work` in a transaction holding the ingest lock. A connection that failed mid-transaction is discarded rather
 * than handed to the next query.
 */
export async function inIngestTransaction<T>(pool: BridgePool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withPooledClient(pool, async (client) => {
    try {
      // One round trip for both (the simple protocol takes several statements without parameters): a withdrawal
      // waits for every round trip of this transaction before the gate denies (issue 30 item 7).
      // Generic plans for the batch's statements, prepared by name (ADR 165): parsed and planned once per connection.
      await client.query(`BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SELECT pg_advisory_xact_lock(${INGEST_LOCK})`);
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
}

/** The body of applyConsentChanges, inside a transaction that holds the ingest lock. */
export async function applyWithin(client: PoolClient, changes: readonly IncomingChange[]): Promise<AppliedChanges> {
  const { unique, highest: highestGlobalSeq } = orderBatch(changes, (change) => change.raw.globalSeq);
  const eventIds = unique.map((change) => change.raw.eventId);
  const rawByEvent = new Map(unique.map((change) => [change.raw.eventId, change.raw]));
  // The ids already held and the participants with a parked message, in one round trip.
  const held = await client.query<{ event_id: string | null; pseudonym: string | null; from_seq: string | null }>(
    prepared(
      `SELECT event_id, NULL::text AS pseudonym, NULL::text AS from_seq
       FROM (SELECT event_id FROM bridge.consent_change WHERE event_id = ANY($1::uuid[])
             UNION SELECT event_id FROM bridge.parked_message WHERE event_id = ANY($1::uuid[])) AS known
     UNION ALL
     SELECT NULL, pseudonym, min(global_seq)::text FROM bridge.parked_message WHERE pseudonym = ANY($2::text[]) GROUP BY pseudonym`,
      [eventIds, [...new Set(unique.map((change) => change.raw.pseudonym))]],
    ),
  );
  const known = { rows: held.rows.filter((row): row is { event_id: string; pseudonym: null; from_seq: null } => row.event_id !== null) };
  const blocked = { rows: held.rows.filter((row): row is { event_id: null; pseudonym: string; from_seq: string } => row.pseudonym !== null) };
  // Nothing later than a participant's parked message is applied until it is: a later message applied over a
  // parked stricter one (a withdrawal of a newer kind) would allow what the participant refused (ADR 024). An
  // earlier one arriving late may be applied: the parked message still denies them.
  const parkedFrom = new Map(blocked.rows.map((row) => [row.pseudonym, BigInt(row.from_seq)]));
  const seen = new Set(known.rows.map((row) => row.event_id));
  const split = splitForStore(
    unique,
    { seen, parkedFrom },
    (change) => change.raw.pseudonym,
    (change) => change.raw.globalSeq,
  );
  const toApply = split.toApply.map((change) => change.message);
  const toPark: { change: IncomingChange; reason: ParkedReason }[] = split.toPark;
  await parkMessages(client, consentParking, toPark, (change) => change.raw.pseudonym, (change) => change.raw.globalSeq);
  const inserted = await client.query<{ event_id: string }>(
    prepared(
      `INSERT INTO bridge.consent_change (event_id, global_seq, pseudonym, version, message)
       SELECT e, g, p, v, m::jsonb FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::integer[], $5::text[]) WITH ORDINALITY AS t(e, g, p, v, m, n)
        ORDER BY n
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        toApply.map((message) => message.eventId),
        toApply.map((message) => message.globalSeq),
        toApply.map((message) => message.pseudonym),
        toApply.map((message) => message.version),
        // The feed keeps what was sent, unknown members included, with the version and kind it was read as.
        toApply.map((message) =>
          JSON.stringify({
            ...rawByEvent.get(message.eventId),
            schemaVersion: message.schemaVersion,
            kind: message.kind,
          }),
        ),
      ],
    ),
  );
  const fresh = new Set(inserted.rows.map((row) => row.event_id));
  const winners = newestPerRecord(toApply, fresh, (message) => message.pseudonym);
  const upserted = await client.query<{ pseudonym: string }>(
    prepared(
      `INSERT INTO bridge.subject (pseudonym, version, event_id, global_seq, consent, occurred_at, updated_at)
       SELECT p, v, e, g, c::jsonb, o, now() FROM unnest($1::text[], $2::integer[], $3::uuid[], $4::bigint[], $5::text[], $6::timestamptz[]) AS t(p, v, e, g, c, o)
       ON CONFLICT (pseudonym) DO UPDATE
          SET version = EXCLUDED.version, event_id = EXCLUDED.event_id, global_seq = EXCLUDED.global_seq,
              consent = EXCLUDED.consent, occurred_at = EXCLUDED.occurred_at, updated_at = now()
        WHERE bridge.subject.version < EXCLUDED.version
       RETURNING pseudonym`,
      [
        winners.map((message) => message.pseudonym),
        winners.map((message) => message.version),
        winners.map((message) => message.eventId),
        winners.map((message) => message.globalSeq),
        winners.map((message) => JSON.stringify(message.consent)),
        winners.map((message) => message.occurredAt),
      ],
    ),
  );
  const changed = new Set(upserted.rows.map((row) => row.pseudonym));
  const updated = winners.filter((message) => changed.has(message.pseudonym)).map(toSubjectRecord);
  if (updated.length > 0) {
    const samples = new Map<string, { pseudonym: string; destroyed: boolean }>();
    for (const record of updated)
      for (const sample of record.samples)
        samples.set(sample.code, {
          pseudonym: record.pseudonym,
          destroyed: sample.destroyed,
        });
    // The subjects' samples replaced in one statement: the new ones written (an upsert, since a sample may move between
    // subjects), and those the subjects no longer have deleted. Both see the rows as they were before the statement,
    // and touch different rows (the delete spares every code the upsert writes).
    const codes = [...samples.keys()];
    await client.query(
      prepared(
        `WITH written AS (
         INSERT INTO bridge.sample (sample_code, pseudonym, destroyed)
         SELECT * FROM unnest($2::text[], $3::text[], $4::boolean[])
         ON CONFLICT (sample_code) DO UPDATE SET pseudonym = EXCLUDED.pseudonym, destroyed = EXCLUDED.destroyed
         RETURNING 1)
       DELETE FROM bridge.sample WHERE pseudonym = ANY($1::text[]) AND sample_code <> ALL($2::text[])`,
        [updated.map((record) => record.pseudonym), codes, [...samples.values()].map((sample) => sample.pseudonym), [...samples.values()].map((sample) => sample.destroyed)],
      ),
    );
  }
  return {
    ...batchCounts(changes.length, fresh.size, toPark.length, updated.length),
    parkedMessages: toPark.map(({ change, reason }) => ({
      eventId: change.raw.eventId,
      globalSeq: change.raw.globalSeq,
      pseudonym: change.raw.pseudonym,
      ...parkedAs(change),
      reason,
    })),
    updated,
    readable: unique.flatMap((change) => (change.outcome === "apply" && !parkedFrom.has(change.raw.pseudonym) ? [toSubjectRecord(change.message)] : [])),
    parkedPseudonyms: [...parkedFrom.keys()],
    highestGlobalSeq,
  };
}

function toSubjectRecord(message: ConsentChangeMessage): SubjectRecord {
  return {
    pseudonym: message.pseudonym,
    version: message.version,
    eventId: message.eventId,
    globalSeq: message.globalSeq,
    // Stored as timestamptz(3); memory holds what a reload would read back.
    occurredAt: new Date(message.occurredAt).toISOString(),
    consent: message.consent,
    samples: message.samples.map((sample) => ({
      code: sample.code,
      destroyed: sample.destroyed,
    })),
  };
}

