import fs from "node:fs/promises";
import { errorText, type Logger } from "./logger";
import { readP256KeyFile, type P256Key } from "./p256-key-file.server";
import { nextSigningChange, SIGNS_FROM_MEMBER, signingKeyForService } from "./signing-key-schedule";

/**
 * How often a running service looks whether its key file changed (ADR 054). A rotation publishes a new key at least
 * `MIN_ACTIVATION_DELAY_MS` (signing-key-schedule.ts) before it signs, far longer than this.
 */
export const KEY_FILE_CHECK_MS = 10_000;

export type KeyFileCheck = "unchanged" | "reloaded" | "kept_old_keys";

/**
 * A key file a running service keeps reading (ADR 054): its keys as last read successfully, re-read when the file
 * changes, so a rotation needs no restart. A changed file that cannot be used — not JSON, a bad key, no key that may
 * sign now in a signer's file, gone — is logged at level error once per version of the file, and the keys in use stay
 * in use: a service never stops signing over a bad edit.
 */
export interface WatchedP256KeyFile {
  readonly file: string;
  /** The keys in use. */
  keys(): readonly P256Key[];
  /**
   * Set while the file as it is now cannot be used and older keys stay in use: since when (ISO 8601), and the kids in
   * use. An operator's rotation has then not taken effect on this process (ADR 054); a health endpoint shows it.
   */
  refused(): { since: string; inUse: string[] } | null;
  /** Looks at the file now and re-reads it if it changed (identity, size, modification or change time); `force` re-reads it anyway. */
  check(options?: { force?: boolean }): Promise<KeyFileCheck>;
  /** Looks every `checkMs` (default 10 s) and at once on SIGHUP, until stop(). */
  startWatching(options?: { checkMs?: number; sighup?: boolean }): void;
  stop(): void;
}

export interface OpenP256KeyFileOptions {
  file: string;
  /** How the keys are named in log lines and errors, e.g. "the bridge's signing keys". */
  what: string;
  /** A signer's file: a version with no key that may sign now is refused (ADR 054). */
  requireSigner: boolean;
  /** Create the file (one new key) if it is missing at the first read; never later. */
  generate: boolean;
  log: Logger;
  clock?: () => number;
}

/** Reads the file (a bad or missing one is thrown: the service refuses to start) and returns it watched. */
export async function openP256KeyFile(options: OpenP256KeyFileOptions): Promise<WatchedP256KeyFile> {
  const clock = options.clock ?? Date.now;
  // The file's identity is taken before reading: a change made while it is read is seen by the next check.
  let seen = await identityOf(options.file);
  const first = await readP256KeyFile({ file: options.file, what: options.what, requireSigner: options.requireSigner, generate: options.generate, now: clock() });
  if (!first) throw new Error(`Cannot read ${options.what} at ${options.file}: no such file`);
  let keys: readonly P256Key[] = first;
  let failingSince: number | null = null;

  const look = async (force: boolean): Promise<KeyFileCheck> => {
    let identity: string | null;
    try {
      identity = await identityOf(options.file);
    } catch (error) {
      identity = `unreadable: ${errorText(error)}`;
    }
    if (!force && identity === seen) return "unchanged";
    const reported = seen;
    seen = identity;
    let next: P256Key[] | null;
    try {
      next = await readP256KeyFile({ file: options.file, what: options.what, requireSigner: options.requireSigner, generate: false, now: clock() });
      if (!next) throw new Error(`${options.file} is gone`);
    } catch (error) {
      // Once per version of the file (and on each SIGHUP), not every few seconds.
      if (force || identity !== reported) {
        options.log.error(
          { file: options.file, error: errorText(error), inUse: keys.map((key) => key.kid) },
          `${options.what}: the changed file cannot be used, so the keys read before stay in use until it is fixed`,
        );
      }
      failingSince ??= clock();
      return "kept_old_keys";
    }
    if (failingSince !== null) options.log.info({ file: options.file }, `${options.what}: ${options.file} can be used again`);
    failingSince = null;
    const before = keys;
    if (scheduleOf(next) === scheduleOf(before)) return "unchanged";
    keys = next;
    const now = clock();
    const signer = signingKeyForService(next, now);
    const previousSigner = signingKeyForService(before, now);
    const upcoming = nextSigningChange(next, now);
    options.log.info(
      {
        file: options.file,
        published: next.map((key) => key.kid),
        added: next.filter((key) => !before.some((old) => old.kid === key.kid)).map((key) => key.kid),
        retired: next.filter((key) => key.privateKey === null && before.some((old) => old.kid === key.kid && old.privateKey !== null)).map((key) => key.kid),
        signing: signer?.kid ?? null,
        ...(upcoming ? { next: upcoming.key.kid, nextFrom: new Date(upcoming.at).toISOString() } : {}),
      },
      `${options.what}: re-read ${options.file}; ${next.length} key(s) published${signer ? `, signing with ${signer.kid}` : ""}${upcoming ? `, ${upcoming.key.kid} from ${new Date(upcoming.at).toISOString()}` : ""}`,
    );
    for (const gone of before.filter((old) => !next.some((key) => key.kid === old.kid))) {
      options.log.warn({ file: options.file, kid: gone.kid }, `${options.what}: key ${gone.kid} is no longer in the file, so what it signed no longer verifies against the published keys; keep a retired key as a public-only entry instead`);
    }
    if (signer && previousSigner && signer.kid !== previousSigner.kid && !before.some((old) => old.kid === signer.kid)) {
      options.log.warn(
        { file: options.file, kid: signer.kid },
        `${options.what}: signing at once with ${signer.kid}, a key no verifier has seen yet: a verifier holding a cached key set rejects its signatures until it fetches the set again. Give a new key a "${SIGNS_FROM_MEMBER}" later than every cache (scripts/rotate-signing-keys.ts)`,
      );
    }
    return "reloaded";
  };

  // Checks run one at a time; callers who ask while one waits to start share it, as it will see the newest file.
  let tail: Promise<unknown> = Promise.resolve();
  let waiting: Promise<KeyFileCheck> | undefined;
  const check = (checkOptions: { force?: boolean } = {}): Promise<KeyFileCheck> => {
    const force = checkOptions.force ?? false;
    if (!force && waiting) return waiting;
    const run: Promise<KeyFileCheck> = tail.then(() => {
      if (waiting === run) waiting = undefined;
      return look(force);
    });
    if (!force) waiting = run;
    tail = run.catch(() => undefined);
    return run;
  };

  let timer: NodeJS.Timeout | undefined;
  let onHangup: (() => void) | undefined;
  return {
    file: options.file,
    keys: () => keys,
    refused: () => (failingSince === null ? null : { since: new Date(failingSince).toISOString(), inUse: keys.map((key) => key.kid) }),
    check,
    startWatching(watchOptions = {}) {
      if (timer) return;
      timer = setInterval(() => void check(), watchOptions.checkMs ?? KEY_FILE_CHECK_MS);
      timer.unref();
      if (watchOptions.sighup ?? true) {
        onHangup = () => {
          options.log.info({ file: options.file }, `${options.what}: SIGHUP, re-reading ${options.file}`);
          void check({ force: true });
        };
        onHangups.add(onHangup);
        listenForHangups();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (onHangup) onHangups.delete(onHangup);
      onHangup = undefined;
      listenForHangups();
    },
  };
}

// One SIGHUP listener for every watched file in the process (the bridge's and the checkpointer's share `npm start`),
// there while any file is watched. The daemon convention: SIGHUP re-reads configuration, so it no longer ends the
// process; with nothing watched, Node's default (ending it) is back.
const onHangups = new Set<() => void>();
const hangup = () => {
  for (const handler of onHangups) handler();
};
function listenForHangups(): void {
  const listening = process.listeners("SIGHUP").includes(hangup);
  if (onHangups.size > 0 && !listening) process.on("SIGHUP", hangup);
  if (onHangups.size === 0 && listening) process.off("SIGHUP", hangup);
}

async function identityOf(file: string): Promise<string | null> {
  try {
    const stat = await fs.stat(file, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** What matters of a set: which keys, in which order, which may sign and from when. */
function scheduleOf(keys: readonly P256Key[]): string {
  return JSON.stringify(keys.map((key) => [key.kid, key.privateKey !== null, key.signsFrom]));
}
