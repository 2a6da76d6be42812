import type { KeyObject } from "node:crypto";
import path from "node:path";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { openP256KeyFile, type WatchedP256KeyFile } from "@tsunagi/service-kit/p256-key-file-watch.server";
import type { PublicP256Jwk } from "@tsunagi/service-kit/p256-key-file.server";
import { signingKeyForService } from "@tsunagi/service-kit/signing-key-schedule";
import { dataDir } from "../../env.server";

export interface SigningKeys {
  signing: { kid: string; privateKey: KeyObject };
  publicJwks: { keys: PublicP256Jwk[] };
}

/** One set of the app's ES256 keys, in its own file under the data folder, watched (see `signingKeySet`). */
export interface SigningKeySet {
  /** The file's name in TSUNAGI_DATA_DIR (what `npm run keys:rotate` edits). */
  readonly fileName: string;
  path(): string;
  /** The key that signs at `at`, and every public key. */
  load(at?: number): Promise<SigningKeys>;
  /** What is published: the public halves only, retired and not yet signing keys too. */
  jwks(): Promise<{ keys: PublicP256Jwk[] }>;
  /** Stops watching and forgets the keys (a process that outlives its data folder: a test file's). */
  close(): void;
}

/**
 * A set of ES256 keys the app signs with, kept in a file the database never sees (ADR 012, 043): created (mode 0600,
 * one new P-256 key) the first time it is asked for; every key published; the one that signs chosen as the other
 * services choose theirs (ADR 054: the latest `tsunagi_signs_from` not in the future). The file is re-read every 10 s
 * and on SIGHUP, so `npm run keys:rotate` needs no restart, and a bad edit is logged while the keys in use stay. Two
 * workers creating it at once keep the first one's file. The visa keys (ADR 043) and the consent receipts' (ADR 108)
 * are two of these.
 */
export function signingKeySet(options: { fileName: string; what: string; signs: string }): SigningKeySet {
  let opened: { file: string; watched: Promise<WatchedP256KeyFile> } | undefined;
  const filePath = () => path.join(dataDir(), options.fileName);
  // Opened once per process (and data folder); a failed first read is not kept, so a fixed file is picked up next time.
  const open = (): Promise<WatchedP256KeyFile> => {
    const file = filePath();
    if (opened?.file !== file) {
      void opened?.watched.then((previous) => previous.stop(), () => undefined);
      const watched = openP256KeyFile({ file, what: options.what, requireSigner: true, generate: true, log: serviceLogger("app") }).then((keys) => {
        keys.startWatching();
        return keys;
      });
      opened = { file, watched };
      watched.catch(() => {
        if (opened?.watched === watched) opened = undefined;
      });
    }
    return opened.watched;
  };
  return {
    fileName: options.fileName,
    path: filePath,
    async load(at = Date.now()) {
      const watched = await open();
      const keys = watched.keys();
      const signer = signingKeyForService(keys, at);
      // Never the case: a file is taken only when some key may sign, and a running app keeps one that could.
      if (!signer?.privateKey) throw new Error(`${watched.file} has no key that may sign ${options.signs} now`);
      return { signing: { kid: signer.kid, privateKey: signer.privateKey }, publicJwks: { keys: keys.map((key) => key.publicJwk) } };
    },
    async jwks() {
      return { keys: (await open()).keys().map((key) => key.publicJwk) };
    },
    close() {
      const previous = opened;
      opened = undefined;
      void previous?.watched.then((keys) => keys.stop(), () => undefined);
    },
  };
}
