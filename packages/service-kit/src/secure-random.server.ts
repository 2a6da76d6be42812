import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Lucia's alphabet: lower-case letters and digits without look-alikes (l, o, 0, 1), 5 bits per character.
export const secureRandomAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
const alphabet = secureRandomAlphabet;

/** 24 characters = 120 bits of entropy, as the Lucia session guide recommends. */
export function generateSecureRandomString(length = 24): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte >> 3];
  return out;
}

export function sha256(value: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(value, "utf8").digest());
}

/** Compares two digests without leaking, through timing, how many leading bytes matched. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}
