import type { ConsentChangeMessage } from "../../../app/domain/consent/outbox/consent-change-message";
import { withPooledClient, type BridgePool } from "../db/bridge-pool";
import type { SubjectRecord } from "./subject-store";

export interface AppliedChanges {
  /** Messages that became their participant's current state. */
  applied: number;
  /** Messages whose event id the bridge had already accepted. */
  duplicates: number;
  /** New events superseded by a higher version (already held, or later in the same batch). */
  stale: number;
  /** The subjects whose state changed, to put in memory once the transaction has committed. */
  updated: SubjectRecord[];
  /** The highest ledger position in the batch: every message up to it is now recorded. */
  highestGlobalSeq: bigint;
}

// One ingest at a time, so the feed's cursors (a sequence) become visible in the order they were assigned: a
// long-poll reader that saw cursor 12 can never later find an 11 committed behind it.
const INGEST_LOCK = 0x74_73_67_62; // "tsgb"

/**
 * Applies a batch of change messages in one transaction. Every new event id is recorded in bridge.consent_change
 * (the feed; a repeated id is a duplicate and changes nothing); a participant's state is replaced only by a higher
 * version, so duplicates and reordering never take a withdrawal back; the samples follow the state they came with.
 */
export async function applyConsentChanges(pool: BridgePool, messages: readonly ConsentChangeMessage[]): Promise<AppliedChanges> {
  const ordered = [...messages].sort((a, b) => compareSeq(a.globalSeq, b.globalSeq));
  const unique = [...new Map(ordered.map((message) => [message.eventId, message])).values()];
  const highestGlobalSeq = ordered.reduce((max, message) => (BigInt(message.globalSeq) > max ? BigInt(message.globalSeq) : max), 0n);

  // A connection that failed mid-transaction is discarded rather than handed to the next query.
  return withPooledClient(pool, async (client) => {
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [INGEST_LOCK]);
      const inserted = await client.query<{ event_id: string }>(
        `INSERT INTO bridge.consent_change (event_id, global_seq, pseudonym, version, message)
         SELECT e, g, p, v, m::jsonb FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::integer[], $5::text[]) WITH ORDINALITY AS t(e, g, p, v, m, n)
          ORDER BY n
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id`,
        [
          unique.map((message) => message.eventId),
          unique.map((message) => message.globalSeq),
          unique.map((message) => message.pseudonym),
          unique.map((message) => message.version),
          unique.map((message) => JSON.stringify(message)),
        ],
      );
      const fresh = new Set(inserted.rows.map((row) => row.event_id));
      const candidates = new Map<string, ConsentChangeMessage>();
      for (const message of unique) {
        if (!fresh.has(message.eventId)) continue;
        const held = candidates.get(message.pseudonym);
        if (!held || message.version > held.version) candidates.set(message.pseudonym, message);
      }
      const winners = [...candidates.values()];
      const upserted = await client.query<{ pseudonym: string }>(
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
      );
      const changed = new Set(upserted.rows.map((row) => row.pseudonym));
      const updated = winners.filter((message) => changed.has(message.pseudonym)).map(toSubjectRecord);
      if (updated.length > 0) {
        const samples = new Map<string, { pseudonym: string; destroyed: boolean }>();
        for (const record of updated) for (const sample of record.samples) samples.set(sample.code, { pseudonym: record.pseudonym, destroyed: sample.destroyed });
        await client.query(`DELETE FROM bridge.sample WHERE pseudonym = ANY($1::text[])`, [updated.map((record) => record.pseudonym)]);
        await client.query(
          `INSERT INTO bridge.sample (sample_code, pseudonym, destroyed)
           SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[])
           ON CONFLICT (sample_code) DO UPDATE SET pseudonym = EXCLUDED.pseudonym, destroyed = EXCLUDED.destroyed`,
          [[...samples.keys()], [...samples.values()].map((sample) => sample.pseudonym), [...samples.values()].map((sample) => sample.destroyed)],
        );
      }
      await client.query("COMMIT");
      return { applied: updated.length, duplicates: messages.length - fresh.size, stale: fresh.size - updated.length, updated, highestGlobalSeq };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
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
    samples: message.samples.map((sample) => ({ code: sample.code, destroyed: sample.destroyed })),
  };
}

function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
