import type { KeyObject } from "node:crypto";
import path from "node:path";
import { readP256KeyFile, type PublicP256Jwk } from "@tsunagi/service-kit/p256-key-file.server";
import { dataDir } from "../../../env.server";

/**
 * The ES256 keys that sign GA4GH Passport visas (issue 15 item 6; ADR 043), kept in a file the database never sees,
 * as the ledger checkpoints' and the bridge's keys are (ADR 012, 011): `<TSUNAGI_DATA_DIR>/visa-signing-keys.json`, a
 * JWK set created (mode 0600, one new P-256 key) the first time a visa or the JWKS is asked for. The first key signs;
 * every key in the set is published, so after a rotation (a new key put first) visas signed before still verify until
 * they expire. Two workers creating it at once keep the first one's file (`readP256KeyFile` writes with "wx").
 */
export const VISA_KEYS_FILE = "visa-signing-keys.json";

export interface VisaKeys {
  signing: { kid: string; privateKey: KeyObject };
  publicJwks: { keys: PublicP256Jwk[] };
}

let cached: { file: string; keys: Promise<VisaKeys> } | undefined;

export function visaKeysPath(): string {
  return path.join(dataDir(), VISA_KEYS_FILE);
}

async function readVisaKeys(file: string): Promise<VisaKeys> {
  const keys = await readP256KeyFile({ file, what: "the visa signing keys", requireSigner: false, generate: true });
  const first = keys?.[0];
  if (!keys || !first?.privateKey) throw new Error(`${file} must hold the private part ("d") of its first key: it signs the visas`);
  return { signing: { kid: first.kid, privateKey: first.privateKey }, publicJwks: { keys: keys.map((key) => key.publicJwk) } };
}

/** Read once per process (and data folder); a failed read is not kept, so a fixed file is picked up on the next ask. */
export function loadVisaKeys(): Promise<VisaKeys> {
  const file = visaKeysPath();
  if (cached?.file !== file) {
    const keys = readVisaKeys(file);
    cached = { file, keys };
    keys.catch(() => {
      if (cached?.keys === keys) cached = undefined;
    });
  }
  return cached.keys;
}

/** What `/.well-known/jwks.json` publishes: the public halves only. */
export async function visaJwks(): Promise<{ keys: PublicP256Jwk[] }> {
  return (await loadVisaKeys()).publicJwks;
}
