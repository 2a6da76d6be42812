import { chainHashOf, GENESIS_HASH, hashEventBody, verificationCodeOf } from "./event-hash";
import type { LedgerEventBody, LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";

export type ChainProblem =
  | "hash_mismatch"
  | "participant_chain_broken"
  | "participant_sequence_gap"
  | "global_chain_broken"
  | "global_sequence_gap"
  | "chain_hash_mismatch"
  | "verification_code_mismatch";

export type ChainVerdict =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; eventId: string; globalSeq: string; participantId: string; problem: ChainProblem };

function bodyOf(record: LedgerEventRecord): LedgerEventBody {
  return {
    id: record.id,
    globalSeq: record.globalSeq,
    participantId: record.participantId,
    participantSeq: record.participantSeq,
    type: record.type,
    occurredAt: record.occurredAt,
    actorUserId: record.actorUserId,
    actorRole: record.actorRole,
    method: record.method,
    formVersionId: record.formVersionId,
    formVersionHash: record.formVersionHash,
    choices: record.choices,
    signature: record.signature,
    withdrawalLevel: record.withdrawalLevel,
    detail: record.detail,
    prevHash: record.prevHash,
  };
}

/**
 * Checks the whole ledger, incrementally: feed events in global order and ask for the verdict at the end.
 * The first event that fails any check is named, so a tampered row is pinpointed rather than merely detected.
 */
export class ChainVerifier {
  private readonly lastByParticipant = new Map<string, { hash: string; seq: number }>();
  private globalHead = GENESIS_HASH;
  private lastGlobalSeq = 0n;
  private count = 0;
  private failure: Extract<ChainVerdict, { ok: false }> | null = null;

  add(record: LedgerEventRecord): boolean {
    if (this.failure) return false;
    const problem = this.check(record);
    this.count++;
    if (problem) {
      this.failure = { ok: false, events: this.count, eventId: record.id, globalSeq: record.globalSeq, participantId: record.participantId, problem };
      return false;
    }
    this.lastByParticipant.set(record.participantId, { hash: record.hash, seq: record.participantSeq });
    this.globalHead = record.chainHash;
    this.lastGlobalSeq = BigInt(record.globalSeq);
    return true;
  }

  verdict(): ChainVerdict {
    return this.failure ?? { ok: true, events: this.count, head: this.globalHead };
  }

  private check(record: LedgerEventRecord): ChainProblem | null {
    if (hashEventBody(bodyOf(record)) !== record.hash) return "hash_mismatch";
    const previous = this.lastByParticipant.get(record.participantId);
    if (record.prevHash !== (previous?.hash ?? GENESIS_HASH)) return "participant_chain_broken";
    if (record.participantSeq !== (previous?.seq ?? 0) + 1) return "participant_sequence_gap";
    if (BigInt(record.globalSeq) !== this.lastGlobalSeq + 1n) return "global_sequence_gap";
    if (record.globalPrevHash !== this.globalHead) return "global_chain_broken";
    if (chainHashOf(record.globalPrevHash, record.hash) !== record.chainHash) return "chain_hash_mismatch";
    if (verificationCodeOf(record.hash) !== record.verificationCode) return "verification_code_mismatch";
    return null;
  }
}

export function verifyChains(records: Iterable<LedgerEventRecord>): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const record of records) if (!verifier.add(record)) break;
  return verifier.verdict();
}
