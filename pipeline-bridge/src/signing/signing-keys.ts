import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint } from "jose";
import { z } from "zod";

export const GENERATED_KEYS_FILE = "bridge-signing-keys.json";

const PrivateEcJwkSchema = z.looseObject({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
  kid: z.string().optional(),
});
const PrivateJwkSetSchema = z.object({ keys: z.array(PrivateEcJwkSchema).min(1) });
type PrivateEcJwk = z.infer<typeof PrivateEcJwkSchema>;

export interface PublicSigningJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
  kid: string;
  alg: "ES256";
  use: "sig";
}

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
  let text: string | undefined;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || options.signingKeysFile) {
      throw new Error(`Cannot read the bridge's signing keys at ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  const jwks = text === undefined ? await generateKeyFile(file) : parseKeyFile(file, text);
  const all = await Promise.all(jwks.keys.map(toSigningKey));
  return { active: all[0]!, all };
}

function parseKeyFile(file: string, text: string): z.infer<typeof PrivateJwkSetSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON; it must be a JWK set of P-256 private keys ({"keys":[{"kty":"EC","crv":"P-256",…,"d":…}]})`);
  }
  const parsed = PrivateJwkSetSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} must be a JWK set of P-256 private keys: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

async function generateKeyFile(file: string): Promise<z.infer<typeof PrivateJwkSetSchema>> {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" }) as PrivateEcJwk;
  const kid = await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });
  const set = { keys: [{ kty: "EC" as const, crv: "P-256" as const, x: jwk.x, y: jwk.y, d: jwk.d, kid, alg: "ES256", use: "sig" }] };
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    // wx: if another process generated the file meanwhile, theirs wins and is read back below.
    await fs.writeFile(file, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return parseKeyFile(file, await fs.readFile(file, "utf8"));
  }
  return set;
}

async function toSigningKey(jwk: PrivateEcJwk): Promise<SigningKey> {
  const kid = await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y });
  const privateKey = createPrivateKey({ key: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, d: jwk.d }, format: "jwk" });
  return { kid, privateKey, publicJwk: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, kid, alg: "ES256", use: "sig" } };
}
