/**
 * `npm run keys:rotate -- bridge|checkpoints|visas|receipts` — rotates a signing key without downtime (ADR 054). Adds a new P-256 key
 * to the key file with the time it starts signing (`tsunagi_signs_from`, default in one hour); every service that reads
 * the file publishes it within 10 s (at once on SIGHUP) and signs with it from that time, without a restart. Every key
 * already in the file stays; `--retire KID` turns one into a public-only entry, still published so that what it
 * signed verifies, never used to sign again.
 *
 *   npm run keys:rotate -- bridge                        the bridge's answer keys (BRIDGE_SIGNING_KEYS_FILE or the generated file)
 *   npm run keys:rotate -- checkpoints                   the ledger checkpoint keys (LEDGER_CHECKPOINT_KEYS_FILE or the generated file)
 *   npm run keys:rotate -- visas                         the keys that sign GA4GH Passport visas (TSUNAGI_DATA_DIR/visa-signing-keys.json)
 *   npm run keys:rotate -- receipts                      the keys that sign consent receipts (TSUNAGI_DATA_DIR/receipt-signing-keys.json)
 *     --activate-in 1h     when the new key starts signing (s, m, h, d; "1h30m"); at least 10m unless --force
 *     --retire KID         make this key public-only (repeatable); refused while it is the only key that could sign
 *     --no-new-key         only retire
 *     --file PATH          another key file
 *     --force              allow --activate-in under 10m (a leaked key): verifiers holding a cached key set must fetch it again
 *
 * One rotation of a file at a time (a lock file beside it, `<file>.rotating`; another rotation waits up to 15 s).
 * The file is rewritten atomically (a temporary file in its folder, mode 0600, flushed, renamed). Exit 0 when written;
 * 2 when refused or it cannot run (nothing written).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { processRuns } from "./lib/process-runs";
import { KEY_FILE_CHECK_MS } from "@tsunagi/service-kit/p256-key-file-watch.server";
import { keysOfSet, newP256KeyEntry, parseP256KeySet, readP256KeyFile, writeP256KeyFileAtomically, type P256KeySetDocument } from "@tsunagi/service-kit/p256-key-file.server";
import { DEFAULT_ACTIVATION_DELAY_MS, JWKS_MAX_AGE_SECONDS, MIN_ACTIVATION_DELAY_MS, nextSigningChange, SIGNS_FROM_MEMBER, signingKeyAt } from "@tsunagi/service-kit/signing-key-schedule";
import { isCommandEntry } from "./lib/command-entry";

export type KeySetName = "bridge" | "checkpoints" | "visas" | "receipts";

const what: Record<KeySetName, string> = { bridge: "the bridge's signing keys", checkpoints: "the ledger checkpoint keys", visas: "the visa signing keys", receipts: "the consent receipt signing keys" };

/** A refusal: printed, nothing written, exit 2. */
export class RotationRefused extends Error {}

export interface RotationOptions {
  keys: KeySetName;
  file: string;
  /** Milliseconds from now until the new key signs; null with `newKey` false. */
  activateInMs: number;
  retire: string[];
  newKey: boolean;
  force: boolean;
  now?: number;
  /** How long to wait for another rotation of the same file to finish (default 15 s). */
  lockWaitMs?: number;
}

export interface RotationResult {
  file: string;
  added: { kid: string; signsFrom: string } | null;
  retired: string[];
  /** The key that signs right after the file is written, and the next change after it. */
  signingNow: string;
  next: { kid: string; from: string } | null;
  /** Set when retiring the key that signed makes an older key sign again (a leaked key's quickest way out). */
  resumed: string | null;
}

/** "90s", "10m", "1h", "1h30m", "2d", "0". */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
  if (text === "0") return 0;
  if (!/^(\d+[dhms])+$/.test(text)) throw new RotationRefused(`--activate-in ${text}: give a duration such as 90s, 10m, 1h, 1h30m or 2d`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * units[unit!]!;
  return total;
}

function describeDuration(ms: number): string {
  if (ms <= 0) return "now";
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, seconds] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)} ${unit}`);
      rest %= seconds;
    }
  }
  return `in ${parts.join(" ") || "under a second"}`;
}

/** The file the services use: the variable when set, else the file each generates under TSUNAGI_DATA_DIR. */
export async function defaultKeyFile(keys: KeySetName): Promise<string> {
  if (keys === "bridge") {
    const { parseBridgeEnv } = await import("../services/pipeline-bridge/src/bridge-env");
    const { signingKeysPath } = await import("../services/pipeline-bridge/src/signing/signing-keys");
    const env = parseBridgeEnv(process.env);
    return signingKeysPath({ signingKeysFile: env.BRIDGE_SIGNING_KEYS_FILE, dataDir: path.resolve(env.TSUNAGI_DATA_DIR) });
  }
  const { dataDir, getEnv } = await import("../app/env.server");
  if (keys === "visas") {
    const { VISA_KEYS_FILE } = await import("../app/domain/access/index.server");
    return path.join(dataDir(getEnv()), VISA_KEYS_FILE);
  }
  if (keys === "receipts") {
    const { RECEIPT_KEYS_FILE } = await import("../app/domain/consent/index.server");
    return path.join(dataDir(getEnv()), RECEIPT_KEYS_FILE);
  }
  const { checkpointKeysPath } = await import("../app/domain/consent/index.server");
  const env = getEnv();
  return checkpointKeysPath({ keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: dataDir(env) });
}

/** Adds a key (and retires any named), refusing anything that would leave a service unable to sign or verify. */
export async function rotateSigningKeys(options: RotationOptions): Promise<RotationResult> {
  const now = options.now ?? Date.now();
  const name = what[options.keys];
  if (!options.newKey && options.retire.length === 0) throw new RotationRefused("Nothing to do: --no-new-key needs --retire KID");
  if (options.newKey && options.activateInMs < MIN_ACTIVATION_DELAY_MS && !options.force) {
    throw new RotationRefused(
      `--activate-in ${describeDuration(options.activateInMs).replace(/^in /, "")} is shorter than ${MIN_ACTIVATION_DELAY_MS / 60_000} minutes. ` +
        `Verifiers and proxies may keep the published key set for ${JWKS_MAX_AGE_SECONDS / 60} minutes (Cache-Control max-age), and each service ` +
        `re-reads the file every ${KEY_FILE_CHECK_MS / 1000} s: a key that signs sooner can reach a verifier that does not hold it yet, which then ` +
        `rejects a valid answer unless it fetches the set again. Give more time, or add --force when the current key has leaked and must stop at once.`,
    );
  }

  const lock = await takeRotationLock(options.file, options.lockWaitMs ?? LOCK_WAIT_MS);
  try {
    return await rotateUnderLock(options, now, name);
  } finally {
    await lock.release();
  }
}

const LOCK_WAIT_MS = 15_000;
const LOCK_RETRY_MS = 100;

/**
 * One rotation of a file at a time: each reads the file, adds its key and renames a new file over it, so two at once
 * would each keep only their own key and the other's would be lost (a key some service may already publish). The lock
 * is a file beside the key file, created exclusively, holding the owner's pid; a rotation waits for another to finish,
 * and takes over a lock whose process is gone. Only rotations on the same machine are seen: the runbook has one
 * operator rotate on the machine that holds the file, then copy it to every replica.
 */
async function takeRotationLock(file: string, waitMs: number): Promise<{ release(): Promise<void> }> {
  const lockFile = `${file}.rotating`;
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await fs.open(lockFile, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => fs.rm(lockFile, { force: true }) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new RotationRefused(`No key file at ${file}. The service creates it the first time it starts; or name one with --file.`);
      if (code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await fs.readFile(lockFile, "utf8").catch(() => ""), 10);
    if (Number.isInteger(holder) && holder > 0 && !processRuns(holder)) {
      // Left by a rotation that died: nothing of it was written but the lock (the key file is replaced by a rename).
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= until) {
      throw new RotationRefused(
        `Another rotation of ${file} is under way (process ${Number.isInteger(holder) ? holder : "unknown"} holds ${lockFile}). ` +
          `Run this again once it has finished; if no rotation is running, delete ${lockFile}.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

async function rotateUnderLock(options: RotationOptions, now: number, name: string): Promise<RotationResult> {
  let stat;
  try {
    stat = await fs.stat(options.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new RotationRefused(`No key file at ${options.file}. The service creates it the first time it starts; or name one with --file.`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && uid !== stat.uid) {
    throw new RotationRefused(`${options.file} belongs to user ${stat.uid}; run this as that user (the service reads the file as its owner, mode 0600).`);
  }
  // The file as the service would take it now: a file it would refuse is fixed first, not rotated.
  try {
    await readP256KeyFile({ file: options.file, what: name, requireSigner: true, generate: false, now });
  } catch (error) {
    throw new RotationRefused(`${(error as Error).message}\nFix the file first; nothing was written.`);
  }
  const document: P256KeySetDocument = parseP256KeySet(options.file, await fs.readFile(options.file, "utf8"));
  const before = await keysOfSet(options.file, document);
  const signingBefore = signingKeyAt(before, now)!;

  const entries = [...document.keys];
  for (const kid of options.retire) {
    const index = before.findIndex((key) => key.kid === kid);
    if (index === -1) throw new RotationRefused(`No key ${kid} in ${options.file}; its keys are ${before.map((key) => key.kid).join(", ")}`);
    if (before[index]!.privateKey === null) throw new RotationRefused(`${kid} is already retired (it has no private part)`);
    const { d: _private, ...publicPart } = entries[index]!;
    entries[index] = publicPart;
  }
  // Whole seconds, rounded down: "--activate-in 0" then means a key that may sign at once.
  const signsFrom = new Date(Math.floor((now + options.activateInMs) / 1000) * 1000);
  const added = options.newKey ? await newP256KeyEntry(signsFrom) : null;
  if (added) entries.push(added);

  const next: P256KeySetDocument = { ...document, keys: entries };
  const after = await keysOfSet(options.file, next);
  const signingAfter = signingKeyAt(after, now);
  if (!signingAfter) {
    throw new RotationRefused(
      `After this change no key could sign until ${added ? added[SIGNS_FROM_MEMBER] : "a new key is added"}: ${options.retire.join(", ")} would be retired while it is the key that signs. ` +
        `Retire it once the new key signs (--retire KID --no-new-key), or, if it has leaked, add the new key with --activate-in 0 --force in the same run.`,
    );
  }
  await writeP256KeyFileAtomically(options.file, next, { owner: { uid: stat.uid, gid: stat.gid } });
  const upcoming = nextSigningChange(after, now);
  return {
    file: options.file,
    added: added ? { kid: added.kid, signsFrom: signsFrom.toISOString() } : null,
    retired: options.retire,
    signingNow: signingAfter.kid,
    next: upcoming ? { kid: upcoming.key.kid, from: new Date(upcoming.at).toISOString() } : null,
    resumed: signingAfter.kid !== signingBefore.kid && signingAfter.kid !== added?.kid ? signingAfter.kid : null,
  };
}

/** What the operator reads: the new kid, when it signs, and what to do next. */
export function describeRotation(keys: KeySetName, result: RotationResult, now: number): string {
  const lines = [`Rotated ${what[keys]} in ${result.file}:`];
  if (result.added) {
    const from = Date.parse(result.added.signsFrom);
    lines.push(`  new key ${result.added.kid} signs from ${result.added.signsFrom} (${describeDuration(from - now)})`);
    lines.push(`    published as soon as each running service re-reads the file: within ${KEY_FILE_CHECK_MS / 1000} s, or at once on SIGHUP`);
    if (result.next && result.next.kid !== result.added.kid && Date.parse(result.next.from) <= from) lines.push(`    note: ${result.next.kid} is already set to sign from ${result.next.from}`);
  }
  for (const kid of result.retired) lines.push(`  retired ${kid}: kept without its private part, so what it signed still verifies; it never signs again`);
  lines.push(`  signing now: ${result.signingNow}${result.next ? `; ${result.next.kid} from ${result.next.from}` : ""}`);
  if (result.resumed) lines.push(`  note: ${result.resumed}, an older key still in the file, signs again from now`);
  if (keys === "bridge" && result.added) lines.push(`Copy this file, unchanged, to every bridge replica before ${result.added.signsFrom}, and check each replica's /.well-known/jwks.json lists ${result.added.kid}.`);
  if (keys === "visas" && result.added) lines.push(`Every app host reads this file: copy it, unchanged, to each before ${result.added.signsFrom}; /.well-known/jwks.json lists ${result.added.kid} within 10 s, and visas issued from that time carry it.`);
  if (keys === "receipts" && result.added) lines.push(`Every app host reads this file: copy it, unchanged, to each before ${result.added.signsFrom}; /consent-receipts/jwks.json lists ${result.added.kid} within 10 s. Keep every key: a participant's receipt must still check years later.`);
  if (keys === "checkpoints" && result.added) lines.push(`Give witnesses the new key's kid before ${result.added.signsFrom} (/transparency/jwks.json lists it now); keep every key: the checkpoint log must stay verifiable.`);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      "activate-in": { type: "string" },
      file: { type: "string" },
      retire: { type: "string", multiple: true },
      "no-new-key": { type: "boolean" },
      force: { type: "boolean" },
    },
  });
  const keys = positionals[0];
  if ((keys !== "bridge" && keys !== "checkpoints" && keys !== "visas" && keys !== "receipts") || positionals.length !== 1) {
    throw new RotationRefused("Usage: npm run keys:rotate -- bridge|checkpoints|visas|receipts [--activate-in 1h] [--file PATH] [--retire KID] [--no-new-key] [--force]");
  }
  if (values["no-new-key"] && values["activate-in"] !== undefined) throw new RotationRefused("--activate-in is for a new key; --no-new-key adds none");
  const now = Date.now();
  const result = await rotateSigningKeys({
    keys,
    file: path.resolve(values.file ?? (await defaultKeyFile(keys))),
    activateInMs: values["activate-in"] === undefined ? DEFAULT_ACTIVATION_DELAY_MS : parseDuration(values["activate-in"]),
    retire: values.retire ?? [],
    newKey: !values["no-new-key"],
    force: values.force ?? false,
    now,
  });
  console.log(describeRotation(keys, result, now));
  return 0;
}

if (isCommandEntry(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof RotationRefused ? `Not rotated: ${error.message}` : `Key rotation could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
