import type { KeyObject } from "node:crypto";
import path from "node:path";
import { readP256KeyFile, type PublicP256Jwk } from "@tsunagi/service-kit/p256-key-file.server";

export const GENERATED_KEYS_FILE = "bridge-signing-keys.json";

export type PublicSigningJwk = PublicP256Jwk;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicSigningJwk;
}

/** The first key signs; every key is published, so answers signed before a rotation still verify. */
export interface SigningKeySet {
  active: SigningKey;
  all: SigningKey[];
}

/**
 * Keys from `signingKeysFile` when given (an operator's JWK set with private keys), else the set generated once at
 * `<dataDir>/bridge-signing-keys.json` (mode 0600) and reused on every start, so signatures stay verifiable.
 * The kid is the RFC 7638 thumbprint, whatever kid the file states.
 */
export async function loadSigningKeys(options: { signingKeysFile?: string; dataDir: string }): Promise<SigningKeySet> {
  const file = options.signingKeysFile ?? path.join(options.dataDir, GENERATED_KEYS_FILE);
  // An operator's file must exist; only the default one is created.
  const keys = await readP256KeyFile({ file, what: "the bridge's signing keys", requirePrivate: true, generate: !options.signingKeysFile });
  if (!keys) throw new Error(`Cannot read the bridge's signing keys at ${file}: no such file`);
  const all = keys.map(({ kid, privateKey, publicJwk }) => ({ kid, privateKey: privateKey!, publicJwk }));
  return { active: all[0]!, all };
}
