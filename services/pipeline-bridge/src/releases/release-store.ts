import type { BridgePool } from "../db/bridge-pool";
import type { DatasetRecord } from "./dataset-store";

export interface NewRelease {
  id: string;
  datasetId: string;
  recipient: string;
  purpose: string;
  /** The approval it was made under (null: a public release naming none). */
  approvalId: string | null;
  clientId: string;
  /** The manifest's JSON text exactly as signed, as its UTF-8 bytes (the bytes signed and sent). */
  manifestBytes: Buffer;
  /**
   * The JWS's protected header and signature (base64url); its payload is `manifestBytes`, base64url-encoded or as
   * they are as the header says (`"b64": false`, RFC 7797; ADR 160).
   */
  protectedHeader: string;
  signature: string;
  createdAt: Date;
}

/** RFC 7515 appendix F: a compact JWS with its payload detached, `header..signature`. */
export function detachedJws(protectedHeader: string, signature: string): string {
  return `${protectedHeader}..${signature}`;
}

/**
 * One INSERT: the manifest and its signature are stored together or not at all (the bridge role cannot change them
 * after). The manifest once, as the bytes signed (ADR 094: bytea in the binary format, which the database stores as
 * they come); the signature detached. The figures the public log shows are the database's own, read from those bytes
 * after the commit (bridge.record_release_samples).
 */
export async function insertRelease(pool: BridgePool, release: NewRelease): Promise<void> {
  await pool.query(
    `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at, approval_id)
     VALUES ($1, $2, $3, $4, $5, $6::bytea, $7, $8, $9)`,
    [release.id, release.datasetId, release.recipient, release.purpose, release.clientId, release.manifestBytes, detachedJws(release.protectedHeader, release.signature), release.createdAt, release.approvalId],
  );
}

export interface StoredRelease {
  id: string;
  /** The manifest's UTF-8 bytes exactly as signed. */
  manifestBytes: Buffer;
  /**
   * Its signature as stored, `header..signature` (RFC 7515 appendix F): over base64url(manifestBytes) when the release
   * was answered in the attached form, over the bytes as they are (RFC 7797, `"b64": false`) when in the detached one
   * (ADR 160).
   */
  detachedJws: string;
  /** The dataset's clocks as they are now (a re-check applies today's embargo, not the one at release). */
  dataset: DatasetRecord;
}

export async function findRelease(pool: BridgePool, id: string): Promise<StoredRelease | undefined> {
  const { rows } = await pool.query<{
    id: string;
    payload: Buffer;
    jws: string;
    dataset_id: string;
    title: string;
    clock_starts_at: Date;
    publication_moratorium_until: Date | null;
    public_database_from: Date | null;
    updated_at: Date;
  }>(
    `SELECT r.id, r.payload, r.jws, d.id AS dataset_id, d.title, d.clock_starts_at, d.publication_moratorium_until, d.public_database_from, d.updated_at
       FROM bridge.release r JOIN bridge.dataset d ON d.id = r.dataset_id
      WHERE r.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    manifestBytes: row.payload,
    detachedJws: row.jws,
    dataset: {
      id: row.dataset_id,
      title: row.title,
      clockStartsAt: row.clock_starts_at,
      publicationMoratoriumUntil: row.publication_moratorium_until,
      publicDatabaseFrom: row.public_database_from,
      updatedAt: row.updated_at,
    },
  };
}

/** The compact JWS from its detached form and the payload it signed: `header.base64url(payload).signature`. */
export function attachedJws(detached: string, payload: Buffer): string {
  const at = detached.indexOf("..");
  if (at <= 0 || detached.indexOf(".", at + 2) !== -1) throw new Error("stored release signature is not a detached compact JWS");
  return `${detached.slice(0, at)}.${payload.toString("base64url")}.${detached.slice(at + 2)}`;
}
