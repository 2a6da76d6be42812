import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson, GENESIS_HASH } from "../../consent/index.server";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);

/** Why a checkpoint was published: the hourly schedule, a report being published (it always anchors), the demo's seed. */
export const PublishedCheckpointReasonSchema = z.enum(["change", "schedule", "report", "demo"]);
export type PublishedCheckpointReason = z.infer<typeof PublishedCheckpointReasonSchema>;

/**
 * What a published checkpoint signs (ADR 046): the head of the global consent chain and of the audit log, numbered
 * and linked to the one before, and nothing about any person — no participant ids, unlike a ledger checkpoint
 * (ADR 012), so it can be handed to anyone. Numbers that can outgrow 2^53 are decimal strings, as in ADR 012.
 */
export const PublishedCheckpointSchema = z.strictObject({
  version: z.literal(1),
  /** 1, 2, 3, … with no gaps: a witness that sees a number missing or repeated has found something. */
  seq: z.number().int().positive(),
  /** SHA-256 of the previous checkpoint's canonical bytes (64 zeros for the first): the list is a chain of its own. */
  previous: sha256Hex,
  publishedAt: z.iso.datetime(),
  reason: PublishedCheckpointReasonSchema,
  /** The global chain's head: hashing every consent event up to `globalSeq` gives `chainHash`, and nothing else does. */
  ledger: z.strictObject({ globalSeq: decimal, chainHash: sha256Hex }),
  /**
   * The audit log through `throughId`: `rows` is how many rows have an id up to it, `digest` chains the interval digests
   * (see `nextAuditDigest`), so the last checkpoint alone vouches for every audit row before its mark.
   */
  audit: z.strictObject({ throughId: decimal, rows: z.number().int().nonnegative(), digest: sha256Hex }),
});
export type PublishedCheckpoint = z.infer<typeof PublishedCheckpointSchema>;

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
