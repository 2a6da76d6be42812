import { EMPTY_AUDIT_DIGEST } from "./audit-digest";
import { checkpointHashOf, GENESIS_HASH, parseCheckpointLine, type LedgerCheckpoint, type SignedCheckpoint } from "./ledger-checkpoint";
import type { PublicCheckpointJwk } from "./load-checkpoint-keys.server";
import { checkpointSignatureProblem, type SignatureProblem } from "./sign-checkpoint";

export type CheckpointLogProblem =
  | "malformed_line"
  | SignatureProblem
  | "sequence_gap"
  | "broken_link"
  | "went_backwards"
  | "inconsistent_contents";

export type CheckpointLogVerdict =
  | { ok: true; checkpoints: SignedCheckpoint[] }
  | { ok: false; line: number; seq: number | null; problem: CheckpointLogProblem; checkpoints: SignedCheckpoint[] };

/**
 * Checks the checkpoint log on its own, before anything is compared with the database: every line a checkpoint
 * signed by one of the keys, numbered 1, 2, 3 …, each linking to the one before, never going backwards. Stops at
 * the first bad line and returns the checkpoints before it, which still hold.
 */
export async function verifyCheckpointLog(lines: readonly string[], keys: { keys: PublicCheckpointJwk[] }): Promise<CheckpointLogVerdict> {
  const checkpoints: SignedCheckpoint[] = [];
  let previous: LedgerCheckpoint | null = null;
  for (const [index, line] of lines.entries()) {
    const fail = (problem: CheckpointLogProblem, seq: number | null) => ({ ok: false as const, line: index + 1, seq, problem, checkpoints });
    const signed = parseCheckpointLine(line);
    if (!signed) return fail("malformed_line", null);
    const { checkpoint } = signed;
    const signatureProblem = await checkpointSignatureProblem(signed, keys);
    if (signatureProblem) return fail(signatureProblem, checkpoint.seq);
    if (checkpoint.seq !== (previous?.seq ?? 0) + 1) return fail("sequence_gap", checkpoint.seq);
    if (checkpoint.previous !== (previous ? checkpointHashOf(previous) : GENESIS_HASH)) return fail("broken_link", checkpoint.seq);
    if (previous && wentBackwards(previous, checkpoint)) return fail("went_backwards", checkpoint.seq);
    if (!contentsConsistent(previous, checkpoint)) return fail("inconsistent_contents", checkpoint.seq);
    checkpoints.push(signed);
    previous = checkpoint;
  }
  return { ok: true, checkpoints };
}

function wentBackwards(previous: LedgerCheckpoint, next: LedgerCheckpoint): boolean {
  return (
    BigInt(next.ledger.globalSeq) < BigInt(previous.ledger.globalSeq) ||
    BigInt(next.audit.throughId) < BigInt(previous.audit.throughId) ||
    Date.parse(next.takenAt) < Date.parse(previous.takenAt)
  );
}

/** A signed checkpoint is still checked for sense: a signer with a bug must not hide behind its signature. */
function contentsConsistent(previous: LedgerCheckpoint | null, next: LedgerCheckpoint): boolean {
  const from = BigInt(previous?.ledger.globalSeq ?? "0");
  const to = BigInt(next.ledger.globalSeq);
  if (to === from) {
    if (previous && previous.ledger.chainHash !== next.ledger.chainHash) return false;
    if (next.participants.length > 0) return false;
  } else if (next.participants.length === 0 || next.participants.at(-1)!.globalSeq !== next.ledger.globalSeq) {
    return false;
  }
  const seen = new Set<string>();
  let last = from;
  for (const participant of next.participants) {
    const at = BigInt(participant.globalSeq);
    if (at <= last || at > to || seen.has(participant.participantId)) return false;
    seen.add(participant.participantId);
    last = at;
  }
  const auditFrom = BigInt(previous?.audit.throughId ?? "0");
  const auditRange = BigInt(next.audit.throughId) - auditFrom;
  if (BigInt(next.audit.rows) > auditRange) return false;
  if (next.audit.rows === 0 && next.audit.digest !== EMPTY_AUDIT_DIGEST) return false;
  return true;
}
