import type { KeyObject } from "node:crypto";
import path from "node:path";
import { readP256KeyFile, type P256Key, type PublicP256Jwk } from "@tsunagi/service-kit/p256-key-file.server";

export const GENERATED_CHECKPOINT_KEYS_FILE = "ledger-checkpoint-keys.json";

export type PublicCheckpointJwk = PublicP256Jwk;

export interface CheckpointKeys {
  /** The first key of the set, when the set holds its private part: it signs new checkpoints. */
  signing: { kid: string; privateKey: KeyObject } | null;
  /** Every key of the set: checkpoints signed before a rotation still verify. */
  publicJwks: { keys: PublicCheckpointJwk[] };
}

export interface CheckpointKeysOptions {
  /** LEDGER_CHECKPOINT_KEYS_FILE: an operator's JWK set. Unset: `<dataDir>/ledger-checkpoint-keys.json`. */
  keysFile?: string;
  dataDir: string;
  /** Create the generated file (mode 0600) when it is missing. The verifier never does: a new key proves nothing. */
  generate: boolean;
}

/**
 * The checkpoint keys, kept where the database cannot reach them (ADR 012): a file on the app host, never a table.
 * Returns null when there is no file and none may be generated. The kid is the RFC 7638 thumbprint, whatever the
 * file says, so a key is named the same way by the signer and by any auditor.
 */
export async function loadCheckpointKeys(options: CheckpointKeysOptions): Promise<CheckpointKeys | null> {
  const file = checkpointKeysPath(options);
  // An operator's file must exist; only the default one is created, and only by the checkpointer.
  const keys = await readP256KeyFile({ file, what: "the ledger checkpoint keys", requirePrivate: false, generate: options.generate && !options.keysFile });
  if (keys) return toCheckpointKeys(keys);
  if (options.keysFile) throw new Error(`Cannot read the ledger checkpoint keys at ${file}: no such file`);
  return null;
}

export function checkpointKeysPath(options: { keysFile?: string; dataDir: string }): string {
  return options.keysFile ?? path.join(options.dataDir, GENERATED_CHECKPOINT_KEYS_FILE);
}

/** A JWK set given to the verifier on the command line: public keys are enough. */
export async function readPublicCheckpointKeys(file: string): Promise<CheckpointKeys> {
  const keys = await readP256KeyFile({ file, what: "the public keys", requirePrivate: false, generate: false });
  if (!keys) throw new Error(`Cannot read the public keys at ${file}: no such file`);
  return { signing: null, publicJwks: toCheckpointKeys(keys).publicJwks };
}

function toCheckpointKeys(keys: P256Key[]): CheckpointKeys {
  const first = keys[0]!;
  return {
    signing: first.privateKey ? { kid: first.kid, privateKey: first.privateKey } : null,
    publicJwks: { keys: keys.map((key) => key.publicJwk) },
  };
}
