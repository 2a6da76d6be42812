import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson, GENESIS_HASH } from "../event-hash";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);

/** A participant whose chain moved since the previous checkpoint, at its newest event up to this checkpoint. */
export const CheckpointParticipantSchema = z.strictObject({
  participantId: z.string().min(1),
  participantSeq: z.number().int().positive(),
  globalSeq: decimal,
  hash: sha256Hex,
});
export type CheckpointParticipant = z.infer<typeof CheckpointParticipantSchema>;

/**
 * What a checkpoint signs (ADR 012). Numbers that can outgrow 2^53 are decimal strings, as in the ledger's own
 * hashed body, so the canonical JSON is the same in every language that reads it.
 */
export const LedgerCheckpointSchema = z.strictObject({
  version: z.literal(1),
  /** 1, 2, 3, … with no gaps: a missing or repeated number in the log is itself a finding. */
  seq: z.number().int().positive(),
  /** The previous checkpoint's hash (64 zeros for the first), so the log is a chain of its own. */
  previous: sha256Hex,
  takenAt: z.iso.datetime(),
  /** The global chain's head: hashing every event up to here gives this chainHash, and nothing else does. */
  ledger: z.strictObject({ globalSeq: decimal, chainHash: sha256Hex }),
  /** Participants with events after the previous checkpoint, by the global position of their newest one. */
  participants: z.array(CheckpointParticipantSchema),
  /** Audit rows with ids after the previous checkpoint's `throughId` and up to this one's. */
  audit: z.strictObject({ throughId: decimal, rows: z.number().int().nonnegative(), digest: sha256Hex }),
});
export type LedgerCheckpoint = z.infer<typeof LedgerCheckpointSchema>;

/** One line of the checkpoint log, and one row of the database's copy: the checkpoint and its detached JWS. */
export interface SignedCheckpoint {
  checkpoint: LedgerCheckpoint;
  /** RFC 7515 appendix F: `<protected header>..<signature>`, the payload being the checkpoint's canonical JSON. */
  jws: string;
}

export const CHECKPOINT_JWS_TYPE = "tsunagi-ledger-checkpoint";

/** The bytes a checkpoint's signature covers and its successor links to. */
export function checkpointBytes(checkpoint: LedgerCheckpoint): Buffer {
  return Buffer.from(canonicalJson(checkpoint), "utf8");
}

export function checkpointHashOf(checkpoint: LedgerCheckpoint): string {
  return createHash("sha256").update(checkpointBytes(checkpoint)).digest("hex");
}

export const SignedCheckpointSchema = z.strictObject({ checkpoint: LedgerCheckpointSchema, jws: z.string().min(1) });

/** One line of the log: canonical JSON, so the database's copy can be compared with it byte for byte. */
export function checkpointLine(signed: SignedCheckpoint): string {
  return canonicalJson({ checkpoint: signed.checkpoint, jws: signed.jws });
}

/** Null when the text is not a well-formed checkpoint line (torn, edited into another shape, not JSON). */
export function parseCheckpointLine(text: string): SignedCheckpoint | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = SignedCheckpointSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export { GENESIS_HASH };
