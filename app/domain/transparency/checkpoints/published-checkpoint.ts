import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { canonicalJson, GENESIS_HASH } from "../../consent/index.server";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);

/**
 * Why a checkpoint is published (ADR 114): the fixed schedule, whether or not anything moved; a report being published
 * (it names a checkpoint of its own); the demo's seed. Never a consent change: a publication that followed each change
 * would tell the public the minute of every consent event.
 */
export const PublishedCheckpointReasonSchema = z.enum(["schedule", "report", "demo"]);
export type PublishedCheckpointReason = z.infer<typeof PublishedCheckpointReasonSchema>;

/** The heads a checkpoint vouches for: the global consent chain's and the audit log's (ADR 046). */
const HeadsShape = {
  /** The global chain's head: hashing every consent event up to `globalSeq` gives `chainHash`, and nothing else does. */
  ledger: z.strictObject({ globalSeq: decimal, chainHash: sha256Hex }),
  /**
   * The audit log through `throughId`: `rows` is how many rows have an id up to it, `digest` chains the interval digests
   * (see `nextAuditDigest`), so the last checkpoint alone vouches for every audit row before its mark.
   */
  audit: z.strictObject({ throughId: decimal, rows: z.number().int().nonnegative(), digest: sha256Hex }),
};
export type CheckpointHeads = { ledger: { globalSeq: string; chainHash: string }; audit: { throughId: string; rows: number; digest: string } };

const ListShape = {
  /** 1, 2, 3, … with no gaps: a witness that sees a number missing or repeated has found something. */
  seq: z.number().int().positive(),
  /** SHA-256 of the previous checkpoint's canonical bytes (64 zeros for the first), whatever its version: one chain. */
  previous: sha256Hex,
  publishedAt: z.iso.datetime(),
};

/**
 * Version 1 (ADR 046), published until ADR 114: the heads in clear. Numbers that can outgrow 2^53 are decimal strings,
 * as in ADR 012. Statements of this version stay in witnesses' copies and in the public list, and stay verifiable.
 */
const PublishedCheckpointV1Schema = z.strictObject({
  version: z.literal(1),
  ...ListShape,
  /** `change`: published within a minute of a consent change by the ledger checkpointer, as until ADR 114. */
  reason: z.enum(["change", "schedule", "report", "demo"]),
  ...HeadsShape,
});
export type PublishedCheckpointV1 = z.infer<typeof PublishedCheckpointV1Schema>;

/**
 * Version 2 (ADR 114): the heads hidden behind a commitment, so the list says when a checkpoint was published and
 * nothing of how many consent events or audit rows there are. `commitment` is the SHA-256 of the canonical JSON of the
 * checkpoint's opening (`CheckpointOpeningSchema`), which the operator keeps and hands an auditor with the history.
 */
const PublishedCheckpointV2Schema = z.strictObject({
  version: z.literal(2),
  ...ListShape,
  reason: PublishedCheckpointReasonSchema,
  commitment: sha256Hex,
});
export type PublishedCheckpointV2 = z.infer<typeof PublishedCheckpointV2Schema>;

/**
 * What a published checkpoint signs: numbered, linked to the one before, and nothing about any person — no participant
 * ids, unlike a ledger checkpoint (ADR 012), so it can be handed to anyone.
 */
export const PublishedCheckpointSchema = z.discriminatedUnion("version", [PublishedCheckpointV1Schema, PublishedCheckpointV2Schema]);
export type PublishedCheckpoint = z.infer<typeof PublishedCheckpointSchema>;

/**
 * What a version 2 checkpoint commits to (ADR 114): its number, 32 random bytes of its own, and the heads. The salt is
 * what keeps the heads hidden — without it, anyone could try every plausible count until one hashed to the
 * commitment — and makes two checkpoints of unchanged heads look as different as two of changed ones. Private: kept in
 * `PublishedCheckpoint.opening` and in the openings file beside the ledger checkpoint log, handed over in the history
 * export.
 */
export const CheckpointOpeningSchema = z.strictObject({
  seq: z.number().int().positive(),
  salt: sha256Hex,
  ...HeadsShape,
});
export type CheckpointOpening = z.infer<typeof CheckpointOpeningSchema>;

/** A checkpoint with its heads in view: a version 1 statement as it is, a version 2 one with its opening. */
export interface OpenedCheckpoint extends CheckpointHeads {
  seq: number;
  publishedAt: string;
}

/** One line of the public list: the statement and the compact JWS whose payload is exactly its canonical bytes. */
export const SignedPublishedCheckpointSchema = z.strictObject({ checkpoint: PublishedCheckpointSchema, jws: z.string().min(1) });
export type SignedPublishedCheckpoint = z.infer<typeof SignedPublishedCheckpointSchema>;

export const PUBLISHED_CHECKPOINT_JWS_TYPE = "tsunagi-published-checkpoint";

/** The `previous` of the first checkpoint, and the audit digest before any audit row. */
export const GENESIS_PUBLISHED_HASH = GENESIS_HASH;

/** The bytes the JWS signs (its payload) and the next checkpoint links to: RFC 8785 canonical JSON. */
export function publishedCheckpointBytes(checkpoint: PublishedCheckpoint): Buffer {
  return Buffer.from(canonicalJson(checkpoint), "utf8");
}

export function publishedCheckpointHashOf(checkpoint: PublishedCheckpoint): string {
  return createHash("sha256").update(publishedCheckpointBytes(checkpoint)).digest("hex");
}

/** A new opening for checkpoint `seq` at these heads, with a salt of its own. */
export function newCheckpointOpening(seq: number, heads: CheckpointHeads): CheckpointOpening {
  return { seq, salt: randomBytes(32).toString("hex"), ledger: { ...heads.ledger }, audit: { ...heads.audit } };
}

/** SHA-256 (hex) of the opening's RFC 8785 canonical JSON: a version 2 statement's `commitment`. */
export function checkpointCommitmentOf(opening: CheckpointOpening): string {
  return createHash("sha256").update(canonicalJson(opening), "utf8").digest("hex");
}

/**
 * The checkpoint's heads, or null when they cannot be had: a version 2 statement without an opening, or with one that
 * is not what it committed to (another checkpoint's, or altered). The opening is parsed here: it may come from a file
 * or a table anyone with the database could have edited.
 */
export function openPublishedCheckpoint(checkpoint: PublishedCheckpoint, opening?: unknown): OpenedCheckpoint | null {
  if (checkpoint.version === 1) return { seq: checkpoint.seq, publishedAt: checkpoint.publishedAt, ledger: checkpoint.ledger, audit: checkpoint.audit };
  const parsed = CheckpointOpeningSchema.safeParse(opening);
  if (!parsed.success || parsed.data.seq !== checkpoint.seq || checkpointCommitmentOf(parsed.data) !== checkpoint.commitment) return null;
  return { seq: checkpoint.seq, publishedAt: checkpoint.publishedAt, ledger: parsed.data.ledger, audit: parsed.data.audit };
}

/**
 * digest_n = SHA-256 of the 128 ASCII characters digest_{n-1} (hex) followed by the interval's digest (hex), where the
 * interval's digest is ADR 012's `AuditDigest` over the rows with previous throughId < id <= throughId. When the mark
 * did not move there is no interval and the digest stays as it was, so equal marks always carry equal digests.
 */
export function nextAuditDigest(previousDigest: string, intervalDigest: string): string {
  return createHash("sha256").update(`${previousDigest}${intervalDigest}`, "ascii").digest("hex");
}

/** One line of a witness's copy: canonical JSON of `{ checkpoint, jws }`, so two copies compare byte for byte. */
export function publishedCheckpointLine(signed: SignedPublishedCheckpoint): string {
  return canonicalJson({ checkpoint: signed.checkpoint, jws: signed.jws });
}
