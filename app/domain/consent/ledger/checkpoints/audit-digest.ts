import { createHash, type Hash } from "node:crypto";
import { canonicalJson } from "../event-hash";

/** The audit columns a checkpoint covers, as Prisma returns them; a column added later is not in old digests. */
/**
 * The one definition of what a digest covers of an audit row, as plain JSON values: the checkpoints hash it, and the
 * history export (issue 16; ADR 046) writes it for an outsider to hash the same way.
 */
export function auditDigestFields(row: AuditRowForDigest) {
  return {
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    type: row.type,
    outcome: row.outcome,
    actorUserId: row.actorUserId,
    subjectUserId: row.subjectUserId,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    detail: row.detail ?? null,
  };
}

export interface AuditRowForDigest {
  id: bigint;
  occurredAt: Date;
  type: string;
  outcome: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  detail: unknown;
}

export const auditDigestColumns = {
  id: true,
  occurredAt: true,
  type: true,
  outcome: true,
  actorUserId: true,
  subjectUserId: true,
  ipAddress: true,
  userAgent: true,
  detail: true,
} as const;

/** SHA-256 of nothing: the digest of a checkpoint that saw no new audit rows. */
export const EMPTY_AUDIT_DIGEST = createHash("sha256").digest("hex");

/**
 * SHA-256 over the canonical JSON of each row, in id order, one per line: a row removed, added, edited or put back
 * in another order changes it. The rows are read back as the verifier will read them (ISO time, ids as text).
 */
export class AuditDigest {
  #hash: Hash = createHash("sha256");
  #rows = 0;

  add(row: AuditRowForDigest): void {
    const canonical = canonicalJson(auditDigestFields(row));
    this.#hash.update(`${canonical}\n`, "utf8");
    this.#rows += 1;
  }

  get rows(): number {
    return this.#rows;
  }

  /** The digest so far; the digest starts again empty afterwards. */
  take(): { rows: number; digest: string } {
    const result = { rows: this.#rows, digest: this.#hash.digest("hex") };
    this.#hash = createHash("sha256");
    this.#rows = 0;
    return result;
  }
}
