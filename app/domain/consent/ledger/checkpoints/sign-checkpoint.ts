import type { KeyObject } from "node:crypto";
import { CompactSign, decodeProtectedHeader } from "jose";
import { LOW_S_HEADER, withLowS } from "@tsunagi/service-kit/es256-low-s";
import { CHECKPOINT_JWS_TYPE, checkpointBytes, type LedgerCheckpoint, type SignedCheckpoint } from "./ledger-checkpoint";
import type { PublicCheckpointJwk } from "./load-checkpoint-keys.server";
import { verifyEs256Once } from "./verify-es256-once";

/**
 * ES256 over the checkpoint's canonical JSON, kept detached (RFC 7515 appendix F) so the log line stays readable
 * and the payload is not stored twice. Any JOSE library verifies it once the payload is put back in the middle.
 * Low S, promised in the header: the log line has one valid form (ADR 117).
 */
export async function signCheckpoint(checkpoint: LedgerCheckpoint, key: { kid: string; privateKey: KeyObject }): Promise<SignedCheckpoint> {
  const compact = await new CompactSign(checkpointBytes(checkpoint)).setProtectedHeader({ alg: "ES256", kid: key.kid, typ: CHECKPOINT_JWS_TYPE, ...LOW_S_HEADER }).sign(key.privateKey);
  const [header, , signature] = withLowS(compact).split(".");
  return { checkpoint, jws: `${header}..${signature}` };
}

export type SignatureProblem = "not_a_detached_jws" | "unknown_key" | "bad_signature";

/** Null when the checkpoint was signed, exactly as it stands, by one of these keys. */
export async function checkpointSignatureProblem(signed: SignedCheckpoint, keys: { keys: PublicCheckpointJwk[] }): Promise<SignatureProblem | null> {
  const parts = signed.jws.split(".");
  if (parts.length !== 3 || parts[1] !== "" || !parts[0] || !parts[2]) return "not_a_detached_jws";
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(signed.jws);
  } catch {
    return "not_a_detached_jws";
  }
  // A signature the same key made for something else (another typ) is not a checkpoint.
  if (header.alg !== "ES256" || header.typ !== CHECKPOINT_JWS_TYPE) return "not_a_detached_jws";
  if (!keys.keys.some((key) => key.kid === header.kid)) return "unknown_key";
  try {
    await verifyEs256Once(`${parts[0]}.${checkpointBytes(signed.checkpoint).toString("base64url")}.${parts[2]}`, keys);
    return null;
  } catch {
    return "bad_signature";
  }
}
