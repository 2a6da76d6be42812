import { createHash, randomBytes } from "node:crypto";

/**
 * A campaign response link's secret (ADR 035): 32 random bytes, base64url, and only its SHA-256 is stored
 * (`RecontactDelivery.responseTokenHash`), so a database copy cannot answer for anyone. A token is looked up by its
 * hash (a unique index), never compared character by character, so its timing reveals nothing.
 */
export function newResponseToken(): { token: string; hash: Uint8Array<ArrayBuffer> } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashResponseToken(token) };
}

export function hashResponseToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

/** The shape a link's token has; anything else is not looked up at all. */
export function looksLikeResponseToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
