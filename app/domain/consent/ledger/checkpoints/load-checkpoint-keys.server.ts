import type { KeyObject } from "node:crypto";
import path from "node:path";
import { serviceLogger, type ServiceName } from "@tsunagi/service-kit/logger";
import { openP256KeyFile } from "@tsunagi/service-kit/p256-key-file-watch.server";
import { readP256KeyFile, type P256Key, type PublicP256Jwk } from "@tsunagi/service-kit/p256-key-file.server";
import { signingKeyAt, signingKeyForService } from "@tsunagi/service-kit/signing-key-schedule";

export const GENERATED_CHECKPOINT_KEYS_FILE = "ledger-checkpoint-keys.json";
const WHAT = "the ledger checkpoint keys";

export type PublicCheckpointJwk = PublicP256Jwk;

export interface CheckpointKeys {
  /**
   * The key that signs new checkpoints at the time the set was read: the one with the latest `tsunagi_signs_from` not
   * in the future (ADR 054; a file without activation times: its first private key). Null when none may sign.
   */
  signing: { kid: string; privateKey: KeyObject } | null;
  /** Every key of the set, retired ones included: checkpoints signed before a rotation still verify. */
  publicJwks: { keys: PublicCheckpointJwk[] };
  /** The keys with their schedule (`tsunagi_signs_from`, private part or retired), in the file's order. */
  keys: readonly P256Key[];
}

export interface CheckpointKeysOptions {
  /** LEDGER_CHECKPOINT_KEYS_FILE: an operator's JWK set. Unset: `<dataDir>/ledger-checkpoint-keys.json`. */
  keysFile?: string;
  dataDir: string;
  /** Create the generated file (mode 0600) when it is missing. The verifier never does: a new key proves nothing. */
  generate: boolean;
  /** Judges which key signs; Date.now() when not given. */
  now?: number;
}

/**
 * The checkpoint keys, kept where the database cannot reach them (ADR 012): a file on the app host, never a table.
 * Returns null when there is no file and none may be generated. The kid is the RFC 7638 thumbprint, whatever the
 * file says, so a key is named the same way by the signer and by any auditor.
 */
export async function loadCheckpointKeys(options: CheckpointKeysOptions): Promise<CheckpointKeys | null> {
  const file = checkpointKeysPath(options);
  // An operator's file must exist; only the default one is created, and only by the checkpointer.
  const keys = await readP256KeyFile({ file, what: WHAT, requireSigner: false, generate: options.generate && !options.keysFile });
  if (keys) return toCheckpointKeys(keys, signingKeyAt(keys, options.now ?? Date.now()));
  if (options.keysFile) throw new Error(`Cannot read the ledger checkpoint keys at ${file}: no such file`);
  return null;
}

export function checkpointKeysPath(options: { keysFile?: string; dataDir: string }): string {
  return options.keysFile ?? path.join(options.dataDir, GENERATED_CHECKPOINT_KEYS_FILE);
}

/** A JWK set given to the verifier on the command line: public keys are enough. */
export async function readPublicCheckpointKeys(file: string): Promise<CheckpointKeys> {
  const keys = await readP256KeyFile({ file, what: "the public keys", requireSigner: false, generate: false });
  if (!keys) throw new Error(`Cannot read the public keys at ${file}: no such file`);
  return toCheckpointKeys(keys, null);
}

/** The checkpoint keys as the file says now, while a process runs (ADR 054): re-read when the file changes. */
export interface LiveCheckpointKeys {
  readonly file: string;
  /** The set as last read, its signer chosen at `at` (default: now). */
  current(at?: number): CheckpointKeys;
  /** Looks at the file now; the set changes only if the file did and can be used. */
  check(): Promise<unknown>;
  /** Looks every `checkMs` (default 10 s) and on SIGHUP, until stop(). */
  watch(options?: { checkMs?: number }): void;
  stop(): void;
}

/**
 * Opens the checkpoint key file to keep reading it. `signer`: the checkpointer's copy, refused at start — and a
 * changed file ignored, loudly — unless a key may sign now; the public key set's copy takes public-only files too.
 */
export async function openCheckpointKeys(options: CheckpointKeysOptions & { signer: boolean; service: ServiceName; clock?: () => number }): Promise<LiveCheckpointKeys> {
  const clock = options.clock ?? Date.now;
  const watched = await openP256KeyFile({
    file: checkpointKeysPath(options),
    what: WHAT,
    requireSigner: options.signer,
    generate: options.generate && !options.keysFile,
    log: serviceLogger(options.service),
    clock,
  });
  return {
    file: watched.file,
    // A running checkpointer keeps signing if the clock is stepped back below the activation of the key it uses.
    current: (at = clock()) => toCheckpointKeys(watched.keys(), signingKeyForService(watched.keys(), at)),
    check: () => watched.check(),
    watch: (watchOptions = {}) => watched.startWatching({ checkMs: watchOptions.checkMs }),
    stop: () => watched.stop(),
  };
}

function toCheckpointKeys(keys: readonly P256Key[], signing: P256Key | null): CheckpointKeys {
  return {
    signing: signing?.privateKey ? { kid: signing.kid, privateKey: signing.privateKey } : null,
    publicJwks: { keys: keys.map((key) => key.publicJwk) },
    keys,
  };
}
