import type { ConsentChangeMessage } from "../../../app/domain/consent/outbox/consent-change-message";
import type { BridgePool } from "../db/bridge-pool";

export interface SampleRecord {
  code: string;
  destroyed: boolean;
}

/** One participant's consent as the bridge knows it: the message with the highest version applied. */
export interface SubjectRecord {
  pseudonym: string;
  version: number;
  eventId: string;
  globalSeq: string;
  occurredAt: string;
  consent: ConsentChangeMessage["consent"];
  samples: SampleRecord[];
}

/** A subject string resolved: the participant, and the sample when the string named one. */
export interface ResolvedSubject {
  record: SubjectRecord;
  sample?: SampleRecord;
}

interface SampleEntry {
  pseudonym: string;
  sample: SampleRecord;
}

/**
 * The in-memory projection decisions are answered from: pseudonym → subject, sample code → pseudonym. Filled from
 * bridge.subject/bridge.sample at start and updated only after an ingest transaction commits, so memory never holds
 * what the database does not. A version only goes up here too: a late update from a slower ingest is ignored.
 */
export class SubjectStore {
  private readonly subjects = new Map<string, SubjectRecord>();
  private readonly samples = new Map<string, SampleEntry>();

  resolve(subject: string): ResolvedSubject | undefined {
    const sample = this.samples.get(subject);
    if (sample) {
      const record = this.subjects.get(sample.pseudonym);
      return record ? { record, sample: sample.sample } : undefined;
    }
    const record = this.subjects.get(subject);
    return record ? { record } : undefined;
  }

  get(pseudonym: string): SubjectRecord | undefined {
    return this.subjects.get(pseudonym);
  }

  get size(): number {
    return this.subjects.size;
  }

  /** Applies a committed record unless memory already holds the same or a newer version. */
  apply(record: SubjectRecord): boolean {
    const current = this.subjects.get(record.pseudonym);
    if (current && current.version >= record.version) return false;
    if (current) {
      for (const sample of current.samples) {
        if (this.samples.get(sample.code)?.pseudonym === record.pseudonym) this.samples.delete(sample.code);
      }
    }
    this.subjects.set(record.pseudonym, record);
    for (const sample of record.samples) this.samples.set(sample.code, { pseudonym: record.pseudonym, sample });
    return true;
  }

  /** Reads the whole projection from the database; returns the highest ledger position accepted so far. */
  async load(pool: BridgePool): Promise<bigint> {
    const [subjects, applied] = await Promise.all([
      pool.query<{ pseudonym: string; version: number; event_id: string; global_seq: string; occurred_at: Date; consent: SubjectRecord["consent"]; samples: SampleRecord[] }>(
        `SELECT s.pseudonym, s.version, s.event_id, s.global_seq::text AS global_seq, s.occurred_at, s.consent,
                COALESCE(json_agg(json_build_object('code', sm.sample_code, 'destroyed', sm.destroyed) ORDER BY sm.sample_code)
                         FILTER (WHERE sm.sample_code IS NOT NULL), '[]') AS samples
           FROM bridge.subject s LEFT JOIN bridge.sample sm ON sm.pseudonym = s.pseudonym
          GROUP BY s.pseudonym`,
      ),
      pool.query<{ applied: string }>(`SELECT COALESCE(max(global_seq), 0)::text AS applied FROM bridge.consent_change`),
    ]);
    for (const row of subjects.rows) {
      this.apply({
        pseudonym: row.pseudonym,
        version: row.version,
        eventId: row.event_id,
        globalSeq: row.global_seq,
        occurredAt: row.occurred_at.toISOString(),
        consent: row.consent,
        samples: row.samples,
      });
    }
    return BigInt(applied.rows[0]?.applied ?? "0");
  }
}
