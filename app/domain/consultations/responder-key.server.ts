import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { appSecret } from "../security/index.server";

let derived: { secret: string; key: Buffer } | undefined;

function responderKeyKey(): Buffer {
  const secret = appSecret();
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tsunagi", "tsunagi consultation responder v1", 32)) };
  return derived.key;
}

/**
 * Who answered, as far as counting once needs (ADR 059): a keyed hash of the consultation and the account — or, for
 * the public, of the consultation and the random token its browser keeps. Keyed by a secret the database does not
 * hold, so a copy of the database cannot test a guessed account or token against it; per consultation, so one
 * browser's answers to two consultations cannot be joined.
 */
export function accountResponderKey(consultationId: string, userId: string): string {
  return createHmac("sha256", responderKeyKey()).update(`account:${consultationId}:${userId}`, "utf8").digest("base64url");
}

export function publicResponderKey(consultationId: string, browserToken: string): string {
  return createHmac("sha256", responderKeyKey()).update(`public:${consultationId}:${browserToken}`, "utf8").digest("base64url");
}

/** A new browser token: 32 random bytes, base64url. Nothing but its keyed hash per consultation is ever stored. */
export function newResponderToken(): string {
  return randomBytes(32).toString("base64url");
}

export function looksLikeResponderToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

const receiptAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** What a responder keeps to show their answer was recorded: ten characters a person can read aloud, e.g. `7KQ2M-9X4TB`. */
export function newReceiptCode(): string {
  const bytes = randomBytes(10);
  const characters = [...bytes].map((byte) => receiptAlphabet[byte % receiptAlphabet.length]!);
  return `${characters.slice(0, 5).join("")}-${characters.slice(5).join("")}`;
}
