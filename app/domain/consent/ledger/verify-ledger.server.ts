import { getDatabase, type Database } from "../../../db.server";
import { projectionFromRow, recordFromRow } from "./ledger-rows";
import { applyConsentEvent, type ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import type { CheckpointParticipant, LedgerCheckpoint } from "./checkpoints/ledger-checkpoint";
import { canonicalJson, GENESIS_HASH } from "./event-hash";
import { ChainVerifier, type ChainVerdict } from "./verify-chains";
import type { WitnessedEvent } from "./witness/ledger-witness";

/**
 * The ledger no longer extends a signed checkpoint (ADR 012): it ends before it (`ledger_behind_checkpoint`), or
 * holds another history up to it (`ledger_differs_from_checkpoint`). Names the first checkpoint it fails, the last
 * global position still vouched for, the first position known to be wrong and the participants affected.
 */
export interface CheckpointMismatch {
  ok: false;
  problem: "ledger_behind_checkpoint" | "ledger_differs_from_checkpoint";
  events: number;
  checkpointSeq: number;
  checkpointTakenAt: string;
  /** Where the checkpoint signed the ledger's head. */
  checkpointGlobalSeq: string;
  /** Every event up to here is as the previous checkpoint signed it ("0": nothing is vouched for). */
  intactThrough: string;
  /** The ledger's last global position as found. */
  ledgerEnd: string;
  /**
   * The first participant head the checkpoint signed that the ledger no longer has: the history differs at or
   * before this position (and after `intactThrough`).
   */
  globalSeq: string;
  /** Whose head that was. */
  participantId?: string;
  /** Every participant whose checkpointed head the ledger no longer has, in global order. */
  participantIds: string[];
  eventId?: undefined;
}

/**
 * The ledger no longer holds an event the witness recorded when it committed (ADR 113): deleted from it (`missing`) or
 * replaced (`differs`), however well the database's own chains were resealed after.
 */
export interface WitnessMismatch {
  ok: false;
  problem: "ledger_lacks_witnessed_event";
  events: number;
  globalSeq: string;
  participantId: string;
  participantSeq: number;
  /** When the witness recorded it: the event existed, committed, at that time. */
  seenAt: string;
  found: "missing" | "differs";
  eventId?: undefined;
}

/** What the witness recorded, to hold the ledger against: its events in global order, up to `through`. */
export interface WitnessRecord {
  events: AsyncIterable<WitnessedEvent & { seenAt: string }>;
  /**
   * The witness's newest event when the verification began: only events up to here are compared, since the ledger is
   * read after and must hold them; one recorded while the walk ran may be past where the walk has read.
   */
  through: bigint;
}

export type LedgerVerdict =
  | ChainVerdict
  | WitnessMismatch
  | { ok: false; events: number; participantId: string; problem: "projection_mismatch"; eventId?: undefined; globalSeq?: undefined }
  | CheckpointMismatch;

const PAGE = 2000;

function sameProjection(a: ConsentProjection, b: ConsentProjection): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

interface Head {
  participantSeq: number;
  globalSeq: string;
  hash: string;
}

/**
 * Walks the whole ledger in global order, page by page, checking both chains and every verification code, and —
 * given the checkpoints of a verified checkpoint log — that the history passes through every one of them; then
 * checks that each stored consent state is exactly what replaying its events gives.
 */
export async function verifyLedger(db: Database = getDatabase(), checkpoints: readonly LedgerCheckpoint[] = [], witness?: WitnessRecord): Promise<LedgerVerdict> {
  const verifier = new ChainVerifier();
  const witnessed = witness?.events[Symbol.asyncIterator]();
  /** The next witnessed event to find in the ledger (null: none left to compare). */
  const seen: { next: (WitnessedEvent & { seenAt: string }) | null } = { next: null };
  const advanceWitness = async () => {
    const step = witnessed ? await witnessed.next() : { done: true as const, value: undefined };
    seen.next = !step.done && BigInt(step.value.globalSeq) <= witness!.through ? step.value : null;
  };
  const lacks = (event: WitnessedEvent & { seenAt: string }, found: WitnessMismatch["found"], events: number): WitnessMismatch => ({
    ok: false,
    problem: "ledger_lacks_witnessed_event",
    events,
    globalSeq: event.globalSeq,
    participantId: event.participantId,
    participantSeq: event.participantSeq,
    seenAt: event.seenAt,
    found,
  });
  await advanceWitness();
  const replayed = new Map<string, ConsentProjection | null>();
  const heads = new Map<string, Head>();
  let next = 0;
  let intactThrough = "0";
  let lastSeq = 0n;

  const mismatch = (problem: CheckpointMismatch["problem"], checkpoint: LedgerCheckpoint, differing: CheckpointParticipant[], events: number): CheckpointMismatch => {
    const first = differing[0];
    return {
      ok: false,
      problem,
      events,
      checkpointSeq: checkpoint.seq,
      checkpointTakenAt: checkpoint.takenAt,
      checkpointGlobalSeq: checkpoint.ledger.globalSeq,
      intactThrough,
      ledgerEnd: lastSeq.toString(),
      globalSeq: first?.globalSeq ?? checkpoint.ledger.globalSeq,
      ...(first ? { participantId: first.participantId } : {}),
      participantIds: differing.map((signed) => signed.participantId),
    };
  };

  /** Compares every checkpoint taken at this global position with what the walk has reached. */
  const passCheckpoints = (globalSeq: bigint, chainHash: string, events: number): CheckpointMismatch | null => {
    while (next < checkpoints.length && BigInt(checkpoints[next]!.ledger.globalSeq) === globalSeq) {
      const checkpoint = checkpoints[next]!;
      const differing = checkpoint.participants.filter((signed) => !sameHead(heads.get(signed.participantId), signed));
      if (checkpoint.ledger.chainHash !== chainHash || differing.length > 0) {
        return mismatch("ledger_differs_from_checkpoint", checkpoint, differing, events);
      }
      intactThrough = checkpoint.ledger.globalSeq;
      next++;
    }
    return null;
  };

  const atGenesis = passCheckpoints(0n, GENESIS_HASH, 0);
  if (atGenesis) return atGenesis;
  let events = 0;
  let after = 0n;
  for (;;) {
    const rows = await db.consentEvent.findMany({ where: { globalSeq: { gt: after } }, orderBy: { globalSeq: "asc" }, take: PAGE });
    for (const row of rows) {
      const record = recordFromRow(row);
      // The witness first: an event it saw committed and the ledger lacks is named with the time it was seen, which
      // says more than the broken chain (or the resealed one) that follows from the loss.
      const expected = seen.next;
      if (expected && BigInt(expected.globalSeq) < row.globalSeq) return lacks(expected, "missing", events);
      if (expected && BigInt(expected.globalSeq) === row.globalSeq) {
        if (expected.chainHash !== record.chainHash || expected.hash !== record.hash || expected.participantId !== record.participantId || expected.participantSeq !== record.participantSeq) {
          return lacks(expected, "differs", events);
        }
        await advanceWitness();
      }
      if (!verifier.add(record)) return verifier.verdict();
      replayed.set(record.participantId, applyConsentEvent(replayed.get(record.participantId) ?? null, record));
      heads.set(record.participantId, { participantSeq: record.participantSeq, globalSeq: record.globalSeq, hash: record.hash });
      lastSeq = row.globalSeq;
      events++;
      const failure = passCheckpoints(row.globalSeq, record.chainHash, events);
      if (failure) return failure;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.globalSeq;
  }
  const verdict = verifier.verdict();
  // Witnessed events beyond the ledger's end: removed from the top, a rolled-back database.
  if (seen.next) return lacks(seen.next, "missing", events);
  if (next < checkpoints.length) {
    // Checkpoints beyond the ledger's end: events were removed from the top (truncation, a rolled-back database),
    // perhaps with others appended since in their place.
    const checkpoint = checkpoints[next]!;
    const differing = checkpoint.participants.filter((signed) => BigInt(signed.globalSeq) > lastSeq || !sameHead(heads.get(signed.participantId), signed));
    return mismatch("ledger_behind_checkpoint", checkpoint, differing, events);
  }
  const states = await db.consentState.findMany();
  for (const row of states) {
    let expected = replayed.get(row.participantId) ?? null;
    // A consent changed after the walk passed it (a live verification, issue 54 item 8): its newer events are read and
    // replayed too, so a state that moved on is compared with its own history, not called a mismatch.
    if (row.version > (expected?.version ?? 0)) expected = await replayLater(db, row.participantId, expected);
    if (!expected || !sameProjection(expected, projectionFromRow(row))) {
      return { ok: false, events: verdict.events, participantId: row.participantId, problem: "projection_mismatch" };
    }
  }
  // A set, not a search per participant: the programme's ledger holds tens of thousands of participants.
  const stored = new Set(states.map((row) => row.participantId));
  for (const [participantId, expected] of replayed) {
    if (expected && !stored.has(participantId)) return { ok: false, events: verdict.events, participantId, problem: "projection_mismatch" };
  }
  return verdict;
}

/** A participant's events after the replayed state, applied to it: those committed after the walk read its position. */
async function replayLater(db: Database, participantId: string, state: ConsentProjection | null): Promise<ConsentProjection | null> {
  const rows = await db.consentEvent.findMany({ where: { participantId, participantSeq: { gt: state?.version ?? 0 } }, orderBy: { participantSeq: "asc" } });
  let replay = state;
  for (const row of rows) replay = applyConsentEvent(replay, recordFromRow(row));
  return replay;
}

function sameHead(head: Head | undefined, signed: { participantSeq: number; globalSeq: string; hash: string }): boolean {
  return !!head && head.hash === signed.hash && head.participantSeq === signed.participantSeq && head.globalSeq === signed.globalSeq;
}
