import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import type { LedgerEventBody } from "@tsunagi/consent-rules/ledger-event";

/** The previous hash of a participant's first event, and of the ledger's first event. */
export const GENESIS_HASH = "0".repeat(64);

function sha256Hex(input: string): string {
  return createHash("sha256").update(input, "utf8").digest("hex");
}

/**
 * RFC 8785 canonical JSON: the same event always serialises to the same bytes, whatever order PostgreSQL's
 * jsonb hands keys back in, so a hash computed at write time can be recomputed years later.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("value cannot be canonicalised");
  return text;
}

export function hashEventBody(body: LedgerEventBody): string {
  return sha256Hex(canonicalJson(body));
}

/** The global chain links every event, across participants, in commit order; its head is published. */
export function chainHashOf(globalPrevHash: string, eventHash: string): string {
  return sha256Hex(`${globalPrevHash}:${eventHash}`);
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A code short enough to type from paper (16 characters, 80 bits of the event hash), printed on the PDF and
 * checked by the public verification page. Crockford base32: no I, L, O or U to misread.
 */
export function verificationCodeOf(eventHash: string): string {
  let bits = BigInt(`0x${eventHash.slice(0, 20)}`);
  let code = "";
  for (let index = 0; index < 16; index++) {
    code = crockford[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code.match(/.{4}/g)!.join("-");
}

/** Accepts a code as typed: any case, spaces or hyphens, and the letters people confuse with digits. */
export function normaliseVerificationCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned)) return null;
  return cleaned.match(/.{4}/g)!.join("-");
}
