import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { appSecret } from "./app-secret.server";

let cachedKey: { secret: string; key: Buffer } | undefined;

/**
 * The key that encrypts secrets we must read back (TOTP keys, pending enrolment state), derived anew when the app's
 * secret is another (appSecret() follows the data folder, as a process that serves one test's app after another's does).
 */
function key(): Buffer {
  const secret = appSecret();
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createHash("sha256").update(`tsunagi:secret-box:${secret}`).digest() };
  return cachedKey.key;
}

/** AES-256-GCM; the output is `iv.ciphertext.tag` in base64url and authenticates the purpose too. */
export function seal(plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
}

/** Returns null for anything tampered with, truncated or sealed for another purpose. */
export function open(sealed: string, purpose: string): string | null {
  const parts = sealed.split(".");
  if (parts.length !== 3) return null;
  try {
    const [iv, body, tag] = parts.map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer, Buffer];
    const decipher = createDecipheriv("aes-256-gcm", key(), iv);
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
