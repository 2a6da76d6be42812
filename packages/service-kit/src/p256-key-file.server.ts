import { createECDH, createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint } from "jose";
import { z } from "zod";
import { writePrivateFileAtomically } from "./private-file.server";
import { SIGNS_FROM_MEMBER, signingKeyAt } from "./signing-key-schedule";

/**
 * A set of P-256 signing keys kept in a JWK-set file: the bridge's answer keys (ADR 011) and the ledger's checkpoint
 * keys (ADR 012). One reader so both name keys, refuse bad files and create missing ones the same way.
 *
 * Every key is published (it verifies). A key with its private part ("d") may sign, from its `tsunagi_signs_from`
 * time when it has one (ADR 054; `signing-key-schedule.ts` says which key signs when); an entry without "d" is a
 * retired key, kept so that what it signed still verifies.
 */
const EcJwkSchema = z.looseObject({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1).optional(),
  [SIGNS_FROM_MEMBER]: z.iso.datetime({ message: `"${SIGNS_FROM_MEMBER}" must be an ISO 8601 time in UTC, such as 2026-11-24T09:00:00Z` }).optional(),
});
const JwkSetSchema = z.looseObject({ keys: z.array(EcJwkSchema).min(1) });
export type P256KeyEntry = z.infer<typeof EcJwkSchema>;
export type P256KeySetDocument = z.infer<typeof JwkSetSchema>;

export interface PublicP256Jwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
  kid: string;
  alg: "ES256";
  use: "sig";
}

export interface P256Key {
  /** The RFC 7638 thumbprint, whatever kid the file states, so a key is named alike by its signer and every verifier. */
  kid: string;
  publicJwk: PublicP256Jwk;
  /** Null when the file holds only the public part (a verifier's copy, or a retired key in a signer's file). */
  privateKey: KeyObject | null;
  /** From when it signs (`tsunagi_signs_from`, milliseconds since the epoch); null: since forever. */
  signsFrom: number | null;
}

export interface P256KeyFileOptions {
  file: string;
  /** How the keys are named in errors, e.g. "the bridge's signing keys". */
  what: string;
  /**
   * A signer's file: some key must be able to sign at `now` (ADR 054). Entries without a private part are retired keys,
   * published and never used to sign.
   */
  requireSigner: boolean;
  /** Create the file (one new key, mode 0600) when it is missing; otherwise a missing file gives null. */
  generate: boolean;
  /** The time `requireSigner` is judged at; Date.now() when not given. */
  now?: number;
}

/** The keys in the file, in its order (which key signs when: `signingKeyAt`; all verify). */
export async function readP256KeyFile(options: P256KeyFileOptions): Promise<P256Key[] | null> {
  let text: string | undefined;
  try {
    text = await fs.readFile(options.file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(`Cannot read ${options.what} at ${options.file}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (text === undefined && !options.generate) return null;
  const set = text === undefined ? await generateKeyFile(options) : parseP256KeySet(options.file, text);
  const keys = await keysOfSet(options.file, set);
  checkKeys(options, keys);
  return keys;
}

export function describeKeySet(requireSigner: boolean): string {
  return `a JWK set of P-256 keys ({"keys":[{"kty":"EC","crv":"P-256","x":…,"y":…${requireSigner ? ',"d":…' : ""}}]}${requireSigner ? ', at least one with its private part ("d")' : ""})`;
}

/** The file's JSON as it stands, checked: what the rotation script adds to, keeping every member of every entry. */
export function parseP256KeySet(file: string, text: string): P256KeySetDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON; it must be ${describeKeySet(false)}`);
  }
  const parsed = JwkSetSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} must be ${describeKeySet(false)}: ${issue ? `${issue.path.join(".") || "the document"}: ${issue.message}` : "invalid"}`);
  }
  return parsed.data;
}

/** The keys of a parsed set, named and loaded; a private part that is not the published key's is refused. */
export function keysOfSet(file: string, set: P256KeySetDocument): Promise<P256Key[]> {
  return Promise.all(set.keys.map((jwk, index) => toP256Key(file, jwk, index)));
}

function checkKeys(options: Pick<P256KeyFileOptions, "file" | "requireSigner" | "now">, keys: P256Key[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    // One key twice (say, retired and active) would leave it unclear whether it may sign.
    if (seen.has(key.kid)) throw new Error(`${options.file} holds the key ${key.kid} twice; keep one entry per key`);
    seen.add(key.kid);
  }
  if (!options.requireSigner) return;
  const now = options.now ?? Date.now();
  if (signingKeyAt(keys, now)) return;
  const pending = keys.filter((key) => key.privateKey !== null).map((key) => new Date(key.signsFrom!).toISOString());
  throw new Error(
    pending.length === 0
      ? `${options.file} must be ${describeKeySet(true)}: no key has its private part ("d"), so nothing could be signed`
      : `${options.file} has no key that may sign now (${new Date(now).toISOString()}): each key with its private part ("d") signs only from its "${SIGNS_FROM_MEMBER}" (${pending.join(", ")}); keep the key that signs today until the new one's time`,
  );
}

/** A new P-256 key as a file entry: private part, thumbprint kid and, when given, the time it signs from. */
export async function newP256KeyEntry(signsFrom?: Date): Promise<P256KeyEntry & { kid: string }> {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" }) as { x: string; y: string; d: string };
  const kid = await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });
  return {
    kty: "EC",
    crv: "P-256",
    x: jwk.x,
    y: jwk.y,
    d: jwk.d,
    kid,
    alg: "ES256",
    use: "sig",
    ...(signsFrom ? { [SIGNS_FROM_MEMBER]: signsFrom.toISOString() } : {}),
  };
}

/** Replaces the file with `set` atomically, mode 0600 (writePrivateFileAtomically), keeping the old file's `owner` when given. */
export async function writeP256KeyFileAtomically(file: string, set: P256KeySetDocument, options: { owner?: { uid: number; gid: number } } = {}): Promise<void> {
  await writePrivateFileAtomically(file, `${JSON.stringify(set, null, 2)}\n`, options);
}

async function generateKeyFile(options: P256KeyFileOptions): Promise<P256KeySetDocument> {
  const set = { keys: [await newP256KeyEntry()] };
  await fs.mkdir(path.dirname(options.file), { recursive: true });
  try {
    // wx: if another process generated the file meanwhile, theirs wins and is read back below.
    await fs.writeFile(options.file, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return parseP256KeySet(options.file, await fs.readFile(options.file, "utf8"));
  }
  return set;
}

async function toP256Key(file: string, jwk: P256KeyEntry, index: number): Promise<P256Key> {
  const kid = await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });
  const signsFrom = jwk[SIGNS_FROM_MEMBER];
  return {
    kid,
    publicJwk: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, kid, alg: "ES256", use: "sig" },
    privateKey: jwk.d ? privateKeyOf(file, jwk as P256KeyEntry & { d: string }, index) : null,
    signsFrom: signsFrom === undefined ? null : Date.parse(signsFrom),
  };
}

function privateKeyOf(file: string, jwk: P256KeyEntry & { d: string }, index: number): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, d: jwk.d }, format: "jwk" });
  } catch (error) {
    throw new Error(`${file}: key ${index + 1} is not a usable P-256 private key: ${(error as Error).message}`, { cause: error });
  }
  // A "d" pasted beside another key's x and y would sign answers that the published key never verifies. Node keeps
  // the x and y it is given, so the public point is computed from "d" alone.
  const curve = createECDH("prime256v1");
  curve.setPrivateKey(Buffer.from(jwk.d, "base64url"));
  const point = curve.getPublicKey();
  if (!point.subarray(1, 33).equals(Buffer.from(jwk.x, "base64url")) || !point.subarray(33).equals(Buffer.from(jwk.y, "base64url"))) {
    throw new Error(`${file}: key ${index + 1}'s private part ("d") does not belong to its public part (x, y)`);
  }
  return key;
}
