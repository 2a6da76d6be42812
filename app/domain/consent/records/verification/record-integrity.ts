import { chainHashOf, GENESIS_HASH, hashEventBody, verificationCodeOf, type ChainProblem } from "../../ledger/index.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";

export type RecordProblem = ChainProblem | "form_hash_mismatch";

export type RecordIntegrity = { intact: true } | { intact: false; problem: RecordProblem; eventId: string };

function bodyHashOf(record: LedgerEventRecord): string {
  // Everything stored except the values derived from the body is the body.
  const { hash, globalPrevHash, chainHash, verificationCode, ...body } = record;
  return hashEventBody(body);
}

/**
 * Checks one record the way the full ledger check would, but only as far as this record depends on: every
 * earlier event of the same participant (recomputed hash, unbroken link, no gap), and the record's own link in
 * the global chain and its printed code. `chain` is the participant's events up to and including the record,
 * in order; `globalPrevious` is the event just before it in the global chain (null for the very first).
 */
export function checkRecordIntegrity(
  chain: readonly LedgerEventRecord[],
  globalPrevious: Pick<LedgerEventRecord, "chainHash"> | null,
  form: { expectedHash: string | null; recomputedHash: string | null } | null,
): RecordIntegrity {
  const record = chain.at(-1);
  if (!record) throw new Error("an empty chain has no record to check");
  let previousHash = GENESIS_HASH;
  for (const [index, event] of chain.entries()) {
    if (bodyHashOf(event) !== event.hash) return { intact: false, problem: "hash_mismatch", eventId: event.id };
    if (event.prevHash !== previousHash) return { intact: false, problem: "participant_chain_broken", eventId: event.id };
    if (event.participantSeq !== index + 1) return { intact: false, problem: "participant_sequence_gap", eventId: event.id };
    previousHash = event.hash;
  }
  if (record.globalPrevHash !== (globalPrevious?.chainHash ?? GENESIS_HASH)) return { intact: false, problem: "global_chain_broken", eventId: record.id };
  if (chainHashOf(record.globalPrevHash, record.hash) !== record.chainHash) return { intact: false, problem: "chain_hash_mismatch", eventId: record.id };
  if (verificationCodeOf(record.hash) !== record.verificationCode) return { intact: false, problem: "verification_code_mismatch", eventId: record.id };
  if (record.formVersionHash && form && (form.expectedHash !== record.formVersionHash || form.recomputedHash !== record.formVersionHash)) {
    return { intact: false, problem: "form_hash_mismatch", eventId: record.id };
  }
  return { intact: true };
}
