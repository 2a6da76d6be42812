import { compactVerify, createLocalJWKSet, errors } from "jose";
import { isCanonicalEs256Signature } from "@tsunagi/service-kit/es256-low-s";
import type { PublicCheckpointJwk } from "./load-checkpoint-keys.server";

/** Signatures verified lately: the exact compact JWS and the exact keys it was checked against. */
const verified = new Map<string, Uint8Array>();
const REMEMBERED = 64;

/**
 * `compactVerify` of an ES256 compact JWS against a JWK set, answered from memory when these exact bytes were already
 * verified against this exact key set: the checkpointer's attempt every 15 s
 * re-checks the newest line of each checkpoint log, unchanged while nothing happens, and its ECDSA verification (a key
 * import and a thread-pool job each) was most of what an idle attempt cost (issue 30 item 5; ADR 078). The verdict of
 * the same bytes under the same key cannot differ, so nothing is trusted that was not verified; a changed line, a
 * changed key or a signature that failed is verified anew. Returns the payload; throws as `compactVerify` does, and
 * as it does for a bad signature when the signature is not in its one accepted form.
 */
export async function verifyEs256Once(compact: string, jwks: { keys: PublicCheckpointJwk[] }): Promise<Uint8Array> {
  const memo = `${compact}\n${JSON.stringify(jwks.keys)}`;
  const known = verified.get(memo);
  if (known) return known;
  const { payload } = await compactVerify(compact, createLocalJWKSet(jwks), { algorithms: ["ES256"] });
  // The high-S twin of a checkpoint's signature verifies in jose too: refused where the header promises low S. The
  // checkpoints signed before that promise are stored for good and verify as they always did (ADR 117).
  if (!isCanonicalEs256Signature(compact, "when-promised")) throw new errors.JWSSignatureVerificationFailed();
  verified.set(memo, payload);
  if (verified.size > REMEMBERED) verified.delete(verified.keys().next().value!);
  return payload;
}
