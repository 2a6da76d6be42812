import type { KeyObject } from "node:crypto";
import path from "node:path";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { openP256KeyFile, type WatchedP256KeyFile } from "@tsunagi/service-kit/p256-key-file-watch.server";
import type { PublicP256Jwk } from "@tsunagi/service-kit/p256-key-file.server";
import { signingKeyForService } from "@tsunagi/service-kit/signing-key-schedule";
import { dataDir } from "../../../env.server";

/**
 * The ES256 keys that sign GA4GH Passport visas (issue 15 item 6; ADR 043), kept in a file the database never sees,
 * as the ledger checkpoints' and the bridge's keys are (ADR 012, 011): `<TSUNAGI_DATA_DIR>/visa-signing-keys.json`, a
 * JWK set created (mode 0600, one new P-256 key) the first time a visa or the JWKS is asked for. Every key in the set
 * is published; the one that signs is chosen as the other services choose theirs (ADR 054): the key with the latest
 * `tsunagi_signs_from` not in the future (a file without activation times: its first private key). The file is
 * re-read every 10 s and on SIGHUP, so `npm run keys:rotate -- visas` needs no restart, and a bad edit is logged while
 * the keys in use stay. Two workers creating it at once keep the first one's file (`readP256KeyFile` writes with "wx").
 */
export const VISA_KEYS_FILE = "visa-signing-keys.json";

export interface VisaKeys {
  signing: { kid: string; privateKey: KeyObject };
  publicJwks: { keys: PublicP256Jwk[] };
}

let opened: { file: string; watched: Promise<WatchedP256KeyFile> } | undefined;

export function visaKeysPath(): string {
  return path.join(dataDir(), VISA_KEYS_FILE);
}

/** Opened once per process (and data folder) and watched; a failed first read is not kept, so a fixed file is picked up on the next ask. */
function openVisaKeys(): Promise<WatchedP256KeyFile> {
  const file = visaKeysPath();
  if (opened?.file !== file) {
    void opened?.watched.then((previous) => previous.stop(), () => undefined);
    const watched = openP256KeyFile({ file, what: "the visa signing keys", requireSigner: true, generate: true, log: serviceLogger("app") }).then((keys) => {
      keys.startWatching();
      return keys;
    });
    opened = { file, watched };
    watched.catch(() => {
      if (opened?.watched === watched) opened = undefined;
    });
  }
  return opened.watched;
}

/**
 * Stops watching the file and forgets the keys: the next ask opens the file again. For a process that goes on after
 * its data folder is gone (a test file's temporary folder, in a Vitest worker the next file reuses; issue 26), whose
 * watch would otherwise find the file missing and log an error every time the folder changed.
 */
export function closeVisaKeys(): void {
  const previous = opened;
  opened = undefined;
  void previous?.watched.then((keys) => keys.stop(), () => undefined);
}

/** The key that signs a visa issued at `at`, and every public key. */
export async function loadVisaKeys(at: number = Date.now()): Promise<VisaKeys> {
  const watched = await openVisaKeys();
  const keys = watched.keys();
  const signer = signingKeyForService(keys, at);
  // Never the case: a file is taken only when some key may sign, and a running app keeps one that could.
  if (!signer?.privateKey) throw new Error(`${watched.file} has no key that may sign visas now`);
  return { signing: { kid: signer.kid, privateKey: signer.privateKey }, publicJwks: { keys: keys.map((key) => key.publicJwk) } };
}

/** What `/.well-known/jwks.json` publishes: the public halves only, retired and not yet signing keys too. */
export async function visaJwks(): Promise<{ keys: PublicP256Jwk[] }> {
  return { keys: (await openVisaKeys()).keys().map((key) => key.publicJwk) };
}
