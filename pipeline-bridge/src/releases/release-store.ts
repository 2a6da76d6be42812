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
  /** The compact JWS, as its (ASCII) bytes. */
  jws: Buffer;
  createdAt: Date;
}

/** jsonb's binary input: a version byte (1), then the JSON text, parsed exactly as the text input is. */
const JSONB_BINARY_VERSION = Buffer.of(1);

/**
 * One INSERT: the manifest and its signature are stored together or not at all (the bridge role cannot change them
 * after). Both are sent as bytes in the binary format (jsonb: the version byte and the same text; text: the bytes as
 * they are): a million samples' manifest and its JWS are 27 MB and 36 MB, which as strings `pg` would encode to UTF-8
 * again on the event loop.
 */
export async function insertRelease(pool: BridgePool, release: NewRelease): Promise<void> {
  await pool.query(
    `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, manifest, jws, created_at, approval_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::text, $8, $9)`,
    [
      release.id,
      release.datasetId,
      release.recipient,
      release.purpose,
      release.clientId,
      Buffer.concat([JSONB_BINARY_VERSION, release.manifestBytes], 1 + release.manifestBytes.length),
      release.jws,
      release.createdAt,
      release.approvalId,
    ],
  );
}

export interface StoredRelease {
  id: string;
  jws: string;
  /** The dataset's clocks as they are now (a re-check applies today's embargo, not the one at release). */
  dataset: DatasetRecord;
}

export async function findRelease(pool: BridgePool, id: string): Promise<StoredRelease | undefined> {
  const { rows } = await pool.query<{
    id: string;
    jws: string;
    dataset_id: string;
    title: string;
    clock_starts_at: Date;
    publication_moratorium_until: Date | null;
    public_database_from: Date | null;
    updated_at: Date;
  }>(
    `SELECT r.id, r.jws, d.id AS dataset_id, d.title, d.clock_starts_at, d.publication_moratorium_until, d.public_database_from, d.updated_at
       FROM bridge.release r JOIN bridge.dataset d ON d.id = r.dataset_id
      WHERE r.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    jws: row.jws,
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

/** The manifest's JSON text as signed: the JWS payload, which is what the stored body must be byte for byte. */
export function signedPayloadText(jws: string): string {
  const first = jws.indexOf(".");
  const second = jws.indexOf(".", first + 1);
  if (first === -1 || second === -1) throw new Error("stored release signature is not a compact JWS");
  return Buffer.from(jws.slice(first + 1, second), "base64url").toString("utf8");
}
