/**
 * One encoding per ES256 signature (issue 54; ADR 117). ECDSA is malleable: if (r, s) is a valid P-256 signature, so is
 * (r, n − s), and a JWS library accepts both; a base64url signature segment can also be written with different unused
 * trailing bits and decode to the same bytes. A receipt or a checkpoint whose signature is part of what is kept and
 * compared would then have a second valid form that nobody signed. Every signer here writes the low-S form (s ≤ n/2,
 * as Bitcoin's BIP 62 and libsecp256k1 do), and every verifier refuses the other, through this module alone.
 *
 * Signatures made before this rule — about half of them high-S, since neither Node's crypto nor `jose` normalises —
 * must still verify: participants hold receipts, and the ledger's checkpoints are stored for good. So a signer also
 * writes `"tsunagi_low_s": true` in the protected header, where no one can add or remove it without the key, and a
 * verifier refuses high S where the header promises low S; a short-lived token (a visa) is held to low S always.
 */

/** The order n of P-256's base point, big-endian. */
const ORDER = hexBytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
/** ⌊n / 2⌋: the largest low S. */
const HALF_ORDER = hexBytes("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8");
const SCALAR_BYTES = 32;
/** A JOSE ES256 signature: r and s, 32 bytes each, big-endian (RFC 7518 §3.4). */
export const ES256_SIGNATURE_BYTES = 2 * SCALAR_BYTES;

/** The protected-header member a signer adds: "this signature is low-S; refuse its twin" (signed, so it cannot be forged). */
export const LOW_S_HEADER = { tsunagi_low_s: true } as const;

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
}

/** Whether a 64-byte r‖s signature has 1 ≤ s ≤ ⌊n/2⌋. Any other length is no ES256 signature: false. */
export function isLowS(signature: Uint8Array): boolean {
  if (signature.length !== ES256_SIGNATURE_BYTES) return false;
  const s = signature.subarray(SCALAR_BYTES);
  if (s.every((byte) => byte === 0)) return false;
  for (let i = 0; i < SCALAR_BYTES; i++) {
    if (s[i] !== HALF_ORDER[i]) return s[i]! < HALF_ORDER[i]!;
  }
  return true; // s = ⌊n/2⌋ exactly
}

/**
 * The low-S form of a 64-byte r‖s signature as a signer made it (0 < s < n): the same array when it is low-S already,
 * otherwise a new one with s replaced by n − s. Both verify against the same key and message; only the low-S one is
 * accepted here.
 */
export function toLowS(signature: Uint8Array): Uint8Array {
  if (signature.length !== ES256_SIGNATURE_BYTES) throw new Error(`an ES256 signature is ${ES256_SIGNATURE_BYTES} bytes, not ${signature.length}`);
  if (isLowS(signature)) return signature;
  const low = Uint8Array.from(signature);
  let borrow = 0;
  for (let i = SCALAR_BYTES - 1; i >= 0; i--) {
    const difference = ORDER[i]! - signature[SCALAR_BYTES + i]! - borrow;
    borrow = difference < 0 ? 1 : 0;
    low[SCALAR_BYTES + i] = difference & 0xff;
  }
  return low;
}

/** A compact JWS (attached or detached: `header..signature`) with its ES256 signature in the low-S form. */
export function withLowS(jws: string): string {
  const dot = jws.lastIndexOf(".");
  const signature = Buffer.from(jws.slice(dot + 1), "base64url");
  const low = toLowS(signature);
  return low === signature ? jws : `${jws.slice(0, dot + 1)}${Buffer.from(low.buffer, low.byteOffset, low.byteLength).toString("base64url")}`;
}

/**
 * Whether a compact JWS's signature is in the one form accepted here, to be checked beside the signature itself (which
 * this does not verify): its segment is the canonical base64url of 64 bytes, and S is low — `always`, or only when
 * the protected header promises it (`when-promised`: the programme's signatures from before ADR 117 verify as before).
 */
export function isCanonicalEs256Signature(jws: string, lowS: "always" | "when-promised"): boolean {
  const parts = jws.split(".");
  if (parts.length !== 3) return false;
  const segment = parts[2]!;
  const signature = Buffer.from(segment, "base64url");
  // Buffer reads unused trailing bits and stray characters without complaint; re-encoding shows them.
  if (signature.length !== ES256_SIGNATURE_BYTES || signature.toString("base64url") !== segment) return false;
  if (isLowS(signature)) return true;
  return lowS === "when-promised" && !promisesLowS(parts[0]!);
}

function promisesLowS(encodedHeader: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8"));
    return typeof header === "object" && header !== null && (header as Record<string, unknown>).tsunagi_low_s === true;
  } catch {
    // A header that is no JSON fails the signature check anyway; promising nothing changes no verdict.
    return false;
  }
}
