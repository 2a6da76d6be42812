import { createHmac, hkdfSync } from "node:crypto";
import { appSecret } from "./app-secret.server";
import { constantTimeEqual, sha256 } from "@tsunagi/service-kit/secure-random.server";

/**
 * What a keyed hash is of. Part of the hashed input, so a hash made for one kind of code never matches another
 * (an invitation code typed where a recovery code is asked for).
 */
export type KeyedHashPurpose = "invitation-code" | "invitation-email-code" | "recovery-code" | "rate-limit-key" | "proof-code" | "enquiry-link" | "decision-follow" | "briefing-registration" | "panel-application";

/** The first byte of every stored keyed hash; a bare SHA-256 (32 bytes, the form before ADR 013) has none. */
export const keyedHashVersion = 0x01;
export const keyedHashLength = 33;

let derived: { secret: string; key: Buffer } | undefined;

/** HKDF from the app secret, so this key is never the one that seals TOTP keys, and rotates with the secret. */
function hashKey(): Buffer {
  const secret = appSecret();
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tsunagi", "tsunagi keyed code hash v1", 32)) };
  }
  return derived.key;
}

function mac(purpose: KeyedHashPurpose, digest: Uint8Array): Buffer {
  return createHmac("sha256", hashKey()).update(purpose, "utf8").update(Buffer.of(0)).update(digest).digest();
}

/**
 * How short codes are stored (invitation codes, mailed one-time codes, recovery codes — 20 to 50 bits): a
 * version byte and HMAC-SHA-256 under a key the database does not hold, over the SHA-256 of the code. Without
 * the key, a copy of the database gives nothing to test guesses against. The inner SHA-256 is the form these
 * codes were stored in before, so rows hashed the old way can be re-keyed in place without knowing their codes
 * (`rekeyLegacyHash`), the way password hashes are upgraded by wrapping.
 */
export function keyedCodeHash(purpose: KeyedHashPurpose, code: string): Uint8Array<ArrayBuffer> {
  return rekeyLegacyHash(purpose, sha256(code));
}

/** The keyed form of a row stored as a bare SHA-256 before ADR 013. */
export function rekeyLegacyHash(purpose: KeyedHashPurpose, legacySha256: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(keyedHashLength);
  out[0] = keyedHashVersion;
  out.set(mac(purpose, legacySha256), 1);
  return out;
}

/**
 * Whether a typed code matches a stored keyed hash, in constant time. Only the keyed form is accepted: a bare
 * SHA-256 left in the table means the re-keying step has not run, and such a row fails closed.
 */
export function keyedCodeHashMatches(stored: Uint8Array | null | undefined, purpose: KeyedHashPurpose, code: string): boolean {
  if (!stored || stored.byteLength !== keyedHashLength || stored[0] !== keyedHashVersion) {
    // Same work either way, so the answer's timing does not tell a malformed row from a wrong code.
    keyedCodeHash(purpose, code);
    return false;
  }
  return constantTimeEqual(keyedCodeHash(purpose, code), new Uint8Array(stored));
}

/** A keyed digest in hex, for looking a value up without storing it (rate-limit keys hold e-mails and addresses). */
export function keyedDigestHex(purpose: KeyedHashPurpose, value: string): string {
  return mac(purpose, sha256(value)).toString("hex");
}
