/**
 * The other valid ECDSA signature for the same key and message, (r, n − s), built here by plain arithmetic so a test
 * of ADR 117 does not take it from the module it tests.
 */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export const sOfSignature = (signature: Uint8Array): bigint => BigInt(`0x${Buffer.from(signature.subarray(32)).toString("hex")}`);

/** r‖s with s replaced. */
export function signatureWithS(signature: Uint8Array, s: bigint): Uint8Array {
  return Uint8Array.from([...signature.subarray(0, 32), ...Buffer.from(s.toString(16).padStart(64, "0"), "hex")]);
}

export const highSTwin = (signature: Uint8Array): Uint8Array => signatureWithS(signature, P256_ORDER - sOfSignature(signature));

/** Whether s ≤ ⌊n/2⌋, computed independently of the code under test. */
export const hasLowS = (signature: Uint8Array): boolean => signature.length === 64 && sOfSignature(signature) <= P256_ORDER / 2n;

/** A compact JWS (attached or detached) with its signature segment replaced by the twin. */
export function highSTwinJws(jws: string): string {
  const dot = jws.lastIndexOf(".");
  return `${jws.slice(0, dot + 1)}${Buffer.from(highSTwin(Buffer.from(jws.slice(dot + 1), "base64url"))).toString("base64url")}`;
}

/** The signature of a compact JWS, decoded. */
export const jwsSignature = (jws: string): Uint8Array => Buffer.from(jws.slice(jws.lastIndexOf(".") + 1), "base64url");

export { P256_ORDER };
