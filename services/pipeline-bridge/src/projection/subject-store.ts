import type { ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";
import type { BridgePool } from "../db/bridge-pool";
import { RuleMemoTable, type RuleMemo } from "../decisions/rule-memo";

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

/**
 * A subject string resolved: the participant, and the sample when the string named one. Built once per record and
 * shared (never mutate). Besides the record it carries, copied from it, what every answer states, so that answering
 * reads this one object rather than four (decisions are answered millions a second, and each object read from a
 * 100,000-subject projection is a likely cache miss).
 */
export interface ResolvedSubject {
  readonly record: SubjectRecord;
  readonly sample: SampleRecord | undefined;
  readonly pseudonym: string;
  readonly consentVersion: string | null;
  readonly stateVersion: number;
  readonly eventId: string;
  /** The named sample is destroyed (false for a pseudonym). */
  readonly destroyed: boolean;
  /** The consent rule's verdicts for this record's consent (rule-memo.ts); replaced with the record. */
  readonly ruleMemo: RuleMemo;
  /** A later message for this participant is parked (ADR 024): the record may be out of date, so every answer denies. */
  readonly parked: boolean;
}

/** The entry a store holds for `record` (and `sample`, when the subject string names one). */
export function resolvedSubject(record: SubjectRecord, sample?: SampleRecord, ruleMemo: RuleMemo = [], parked = false): ResolvedSubject {
  return Object.freeze({
    record,
    sample,
    pseudonym: record.pseudonym,
    consentVersion: record.consent.formVersion,
    stateVersion: record.version,
    eventId: record.eventId,
    destroyed: sample?.destroyed ?? false,
    ruleMemo,
    parked,
  });
}

/**
 * The in-memory projection decisions are answered from. Filled from bridge.subject/bridge.sample at start and
 * updated only after an ingest transaction commits, so memory never holds what the database does not. A version only
 * goes up here too: a late update from a slower ingest is ignored.
 *
 * Resolving is on the path of every decision (millions a second in batches), so each subject string maps straight to
 * a ready `ResolvedSubject`, built once when its record is applied: one Map lookup for a sample code, nothing
 * allocated per call. A record is never changed in place (it is frozen here); a change replaces it, and with it every
 * entry that points to it and the rule memo it is given, which is what lets the consent rule's verdicts be memoised
 * (decisions/rule-memo.ts).
 */
export class SubjectStore {
  /** Pseudonym → its entry (no sample). */
  private readonly byPseudonym = new Map<string, ResolvedSubject>();
  /** Sample code → its entry. A string is looked up as a sample code first, then as a pseudonym. */
  private readonly bySample = new Map<string, ResolvedSubject>();
  private readonly ruleMemos = new RuleMemoTable();
  private readonly consents = new SharedConsents();
  /** Participants with a parked message: denied until a bridge that can read it applies it. */
  private readonly parkedPseudonyms = new Set<string>();

  resolve(subject: string): ResolvedSubject | undefined {
    return this.bySample.get(subject) ?? this.byPseudonym.get(subject);
  }

  get(pseudonym: string): SubjectRecord | undefined {
    return this.byPseudonym.get(pseudonym)?.record;
  }

  get size(): number {
    return this.byPseudonym.size;
  }

  isParked(pseudonym: string): boolean {
    return this.parkedPseudonyms.has(pseudonym);
  }

  /** Marks a participant as having a parked message (after the ingest that parked it committed): every answer denies. */
  park(pseudonym: string): void {
    if (this.parkedPseudonyms.has(pseudonym)) return;
    this.parkedPseudonyms.add(pseudonym);
    const current = this.byPseudonym.get(pseudonym);
    if (current) this.index(current.record, current.ruleMemo, true);
  }

  /** Applies a committed record unless memory already holds the same or a newer version. */
  apply(record: SubjectRecord): boolean {
    const current = this.byPseudonym.get(record.pseudonym)?.record;
    if (current && current.version >= record.version) return false;
    record.consent = this.consents.shared(record.consent);
    freezeRecord(record);
    if (current) {
      for (const sample of current.samples) {
        if (this.bySample.get(sample.code)?.record.pseudonym === record.pseudonym) this.bySample.delete(sample.code);
      }
    }
    this.index(record, this.ruleMemos.memoFor(record.consent), this.parkedPseudonyms.has(record.pseudonym));
    return true;
  }

  private index(record: SubjectRecord, ruleMemo: RuleMemo, parked: boolean): void {
    this.byPseudonym.set(record.pseudonym, resolvedSubject(record, undefined, ruleMemo, parked));
    for (const sample of record.samples) this.bySample.set(sample.code, resolvedSubject(record, sample, ruleMemo, parked));
  }

  /** Reads the whole projection from the database; returns the highest ledger position accepted so far. */
  async load(pool: BridgePool): Promise<bigint> {
    const [subjects, applied, parked] = await Promise.all([
      // The consent as text: a cohort's million rows hold a few thousand distinct consents, each parsed once (SharedConsents).
      pool.query<{ pseudonym: string; version: number; event_id: string; global_seq: string; occurred_at: Date; consent: string; samples: SampleRecord[] }>(
        `SELECT s.pseudonym, s.version, s.event_id, s.global_seq::text AS global_seq, s.occurred_at, s.consent::text AS consent,
                COALESCE(json_agg(json_build_object('code', sm.sample_code, 'destroyed', sm.destroyed) ORDER BY sm.sample_code)
                         FILTER (WHERE sm.sample_code IS NOT NULL), '[]') AS samples
           FROM bridge.subject s LEFT JOIN bridge.sample sm ON sm.pseudonym = s.pseudonym
          GROUP BY s.pseudonym`,
      ),
      pool.query<{ applied: string }>(`SELECT COALESCE(max(global_seq), 0)::text AS applied FROM bridge.consent_change`),
      pool.query<{ pseudonym: string; global_seq: string }>(`SELECT pseudonym, max(global_seq)::text AS global_seq FROM bridge.parked_message GROUP BY pseudonym`),
    ]);
    for (const row of parked.rows) this.park(row.pseudonym);
    for (const row of subjects.rows) {
      this.apply({
        pseudonym: row.pseudonym,
        version: row.version,
        eventId: row.event_id,
        globalSeq: row.global_seq,
        occurredAt: row.occurred_at.toISOString(),
        consent: this.consents.fromText(row.consent),
        samples: row.samples,
      });
    }
    // A parked message was accepted too: the relay's high-water mark may pass it.
    const parkedThrough = parked.rows.reduce((max, row) => (BigInt(row.global_seq) > max ? BigInt(row.global_seq) : max), 0n);
    const appliedThrough = BigInt(applied.rows[0]?.applied ?? "0");
    return appliedThrough > parkedThrough ? appliedThrough : parkedThrough;
  }
}

type Consent = SubjectRecord["consent"];

/** Distinct consents kept for sharing before the table starts afresh (records keep the objects they were given). */
const SHARED_CONSENT_LIMIT = 10_000;

/**
 * One frozen object per distinct consent, shared by every record that holds it. A consent has nothing of its own
 * person in it (status, form version, choices, purposes, withdrawal level, rule, who consented), and a cohort of a
 * million holds a few thousand distinct ones, so sharing them takes most of the projection's objects off the heap:
 * fewer for the garbage collector to mark on every major collection, which a release of a million samples paid for
 * (bench/RESULTS.md, "a release's answer first"). Equal content only ever shares an object; two spellings of one
 * content (the database's jsonb text, a message's JSON) merely keep two.
 */
class SharedConsents {
  private readonly byText = new Map<string, Consent>();
  private readonly issued = new WeakSet<Consent>();

  /** `consent`'s shared object (itself, frozen, when it is the first of its content). */
  shared(consent: Consent): Consent {
    if (this.issued.has(consent)) return consent;
    return this.byKey(JSON.stringify(consent), () => consent);
  }

  /** The shared object of a consent given as JSON text (parsed only when its text is new). */
  fromText(text: string): Consent {
    return this.byKey(text, () => JSON.parse(text) as Consent);
  }

  private byKey(key: string, make: () => Consent): Consent {
    let consent = this.byText.get(key);
    if (consent === undefined) {
      if (this.byText.size >= SHARED_CONSENT_LIMIT) this.byText.clear();
      consent = make();
      Object.freeze(consent.choices);
      Object.freeze(consent.permittedPurposes);
      Object.freeze(consent);
      this.byText.set(key, consent);
      this.issued.add(consent);
    }
    return consent;
  }
}

/**
 * A record is given the rule memo of its consent when it is applied, so it must not change afterwards: freezing makes
 * an in-place change fail loudly instead of leaving an old verdict in the memo.
 */
function freezeRecord(record: SubjectRecord): void {
  for (const sample of record.samples) Object.freeze(sample);
  Object.freeze(record.samples);
  Object.freeze(record);
}
