import type { KeyObject } from "node:crypto";
import path from "node:path";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { openP256KeyFile, type WatchedP256KeyFile } from "@tsunagi/service-kit/p256-key-file-watch.server";
import { readP256KeyFile, type P256Key, type PublicP256Jwk } from "@tsunagi/service-kit/p256-key-file.server";
import { signingKeyForService } from "@tsunagi/service-kit/signing-key-schedule";

export const GENERATED_KEYS_FILE = "bridge-signing-keys.json";
const WHAT = "the bridge's signing keys";

export type PublicSigningJwk = PublicP256Jwk;

/** A key of the file: its kid, public JWK, private part (null: retired, never signs) and `tsunagi_signs_from`. */
export type SigningKey = P256Key;

/** Every key is published, so answers signed before a rotation still verify; which one signs depends on the time (ADR 054). */
export interface SigningKeySet {
  all: readonly SigningKey[];
}

/** The key set as the file says now: re-read by the bridge when the file changes, without a restart. */
export interface LiveSigningKeys {
  current(): SigningKeySet;
  /** Set while the key file as it is now cannot be used and the keys read before stay in use. */
  refused(): { since: string; inUse: string[] } | null;
  /** Looks at the file every `checkMs` (default 10 s) and on SIGHUP. */
  watch(options?: { checkMs?: number }): void;
  stop(): void;
}

export interface SigningKeysOptions {
  signingKeysFile?: string;
  dataDir: string;
  clock?: () => number;
}

/** BRIDGE_SIGNING_KEYS_FILE, else the file generated once at `<dataDir>/bridge-signing-keys.json`. */
export function signingKeysPath(options: { signingKeysFile?: string; dataDir: string }): string {
  return options.signingKeysFile ?? path.join(options.dataDir, GENERATED_KEYS_FILE);
}

/**
 * Keys from `signingKeysFile` when given (an operator's JWK set), else the set generated once at
 * `<dataDir>/bridge-signing-keys.json` (mode 0600) and reused on every start, so signatures stay verifiable.
 * Refused unless some key may sign now. The kid is the RFC 7638 thumbprint, whatever kid the file states.
 */
export async function loadSigningKeys(options: SigningKeysOptions): Promise<SigningKeySet> {
  const file = signingKeysPath(options);
  // An operator's file must exist; only the default one is created.
  const keys = await readP256KeyFile({ file, what: WHAT, requireSigner: true, generate: !options.signingKeysFile, now: (options.clock ?? Date.now)() });
  if (!keys) throw new Error(`Cannot read ${WHAT} at ${file}: no such file`);
  return { all: keys };
}

/** As loadSigningKeys, kept current while the bridge runs once `watch()` is called (ADR 054). */
export async function openSigningKeys(options: SigningKeysOptions): Promise<LiveSigningKeys> {
  const watched: WatchedP256KeyFile = await openP256KeyFile({
    file: signingKeysPath(options),
    what: WHAT,
    requireSigner: true,
    generate: !options.signingKeysFile,
    log: serviceLogger("bridge"),
    clock: options.clock,
  });
  let set: { from: readonly P256Key[]; set: SigningKeySet } | undefined;
  return {
    current() {
      const keys = watched.keys();
      if (set?.from !== keys) set = { from: keys, set: { all: keys } };
      return set.set;
    },
    refused: () => watched.refused(),
    watch: (watchOptions = {}) => watched.startWatching({ checkMs: watchOptions.checkMs }),
    stop: () => watched.stop(),
  };
}

/** The key that signs at `at` (ADR 054): never a retired one; null only for a set with no private key. */
export function signingKeyAt(set: SigningKeySet, at: number): (SigningKey & { privateKey: KeyObject }) | null {
  return signingKeyForService(set.all, at) as (SigningKey & { privateKey: KeyObject }) | null;
}
