import { createHmac, hkdfSync } from "node:crypto";
import { sha256 } from "@tsunagi/service-kit/secure-random.server";
import { appSecret } from "../security/index.server";

let derived: { secret: string; key: Buffer } | undefined;

function tokenKey(): Buffer {
  const secret = appSecret();
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tsunagi", "tsunagi update digest unsubscribe v1", 32)) };
  return derived.key;
}

/**
 * The one-click unsubscribe token in every digest of a reader (ADR 038; RFC 8058): an HMAC of their user id under a
 * key derived from APP_SECRET, so every digest, old or new, carries a link that still works, and a copy of the
 * database (which holds only its SHA-256, to find the subscription by) cannot make one.
 */
export function digestUnsubscribeToken(userId: string): string {
  return createHmac("sha256", tokenKey()).update("update-digest:", "utf8").update(userId, "utf8").digest("base64url");
}

export function digestUnsubscribeTokenHash(token: string): Uint8Array<ArrayBuffer> {
  return sha256(token);
}

/** 32 bytes in base64url, as made above: anything else is not looked up at all. */
export function looksLikeDigestToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
