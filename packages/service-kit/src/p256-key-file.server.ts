import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint } from "jose";
import { z } from "zod";

/**
 * A set of P-256 signing keys kept in a JWK-set file: the bridge's answer keys (ADR 011) and the ledger's checkpoint
 * keys (ADR 012). One reader so both name keys, refuse bad files and create missing ones the same way.
 */
const EcJwkSchema = z.looseObject({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1).optional(),
});
const JwkSetSchema = z.object({ keys: z.array(EcJwkSchema).min(1) });
type EcJwk = z.infer<typeof EcJwkSchema>;

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
  /** Null when the file holds only the public part (a verifier's copy). */
  privateKey: KeyObject | null;
}

export interface P256KeyFileOptions {
  file: string;
  /** How the keys are named in errors, e.g. "the bridge's signing keys". */
  what: string;
  /** Every key must carry its private part (a signer's file). */
  requirePrivate: boolean;
  /** Create the file (one new key, mode 0600) when it is missing; otherwise a missing file gives null. */
  generate: boolean;
}

/** The keys in the file, first key first (it signs; all verify, so a rotation keeps old signatures checkable). */
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
  const set = text === undefined ? await generateKeyFile(options) : parseKeySet(options, text);
  return Promise.all(set.keys.map(toP256Key));
}

export function describeKeySet(requirePrivate: boolean): string {
  return `a JWK set of P-256 ${requirePrivate ? "private " : ""}keys ({"keys":[{"kty":"EC","crv":"P-256",…${requirePrivate ? ',"d":…' : ""}}]})`;
}

function parseKeySet(options: Pick<P256KeyFileOptions, "file" | "requirePrivate">, text: string): z.infer<typeof JwkSetSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${options.file} is not JSON; it must be ${describeKeySet(options.requirePrivate)}`);
  }
  const parsed = JwkSetSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${options.file} must be ${describeKeySet(options.requirePrivate)}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  if (options.requirePrivate && parsed.data.keys.some((key) => key.d === undefined)) {
    throw new Error(`${options.file} must be ${describeKeySet(true)}: a key has no private part ("d")`);
  }
  return parsed.data;
}

async function generateKeyFile(options: P256KeyFileOptions): Promise<z.infer<typeof JwkSetSchema>> {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" }) as EcJwk;
  const kid = await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });
  const set = { keys: [{ kty: "EC" as const, crv: "P-256" as const, x: jwk.x, y: jwk.y, d: jwk.d, kid, alg: "ES256", use: "sig" }] };
  await fs.mkdir(path.dirname(options.file), { recursive: true });
  try {
    // wx: if another process generated the file meanwhile, theirs wins and is read back below.
    await fs.writeFile(options.file, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return parseKeySet(options, await fs.readFile(options.file, "utf8"));
  }
  return set;
}

async function toP256Key(jwk: EcJwk): Promise<P256Key> {
  const kid = await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });
  return {
    kid,
    publicJwk: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, kid, alg: "ES256", use: "sig" },
    privateKey: jwk.d ? createPrivateKey({ key: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, d: jwk.d }, format: "jwk" }) : null,
  };
}
