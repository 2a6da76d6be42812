import { getDatabase, type Database } from "../../../db.server";
import { projectionFromRow, recordFromRow } from "./ledger-rows";
import { applyConsentEvent, type ConsentProjection } from "@tsunagi/consent-rules/consent-projection";
import type { CheckpointParticipant, LedgerCheckpoint } from "./checkpoints/ledger-checkpoint";
import { canonicalJson, GENESIS_HASH } from "./event-hash";
import { ChainVerifier, type ChainVerdict } from "./verify-chains";

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

export type LedgerVerdict =
  | ChainVerdict
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
export async function verifyLedger(db: Database = getDatabase(), checkpoints: readonly LedgerCheckpoint[] = []): Promise<LedgerVerdict> {
  const verifier = new ChainVerifier();
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
  if (next < checkpoints.length) {
    // Checkpoints beyond the ledger's end: events were removed from the top (truncation, a rolled-back database),
    // perhaps with others appended since in their place.
    const checkpoint = checkpoints[next]!;
    const differing = checkpoint.participants.filter((signed) => BigInt(signed.globalSeq) > lastSeq || !sameHead(heads.get(signed.participantId), signed));
    return mismatch("ledger_behind_checkpoint", checkpoint, differing, events);
  }
  const states = await db.consentState.findMany();
  for (const row of states) {
    const expected = replayed.get(row.participantId);
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

function sameHead(head: Head | undefined, signed: { participantSeq: number; globalSeq: string; hash: string }): boolean {
  return !!head && head.hash === signed.hash && head.participantSeq === signed.participantSeq && head.globalSeq === signed.globalSeq;
}
