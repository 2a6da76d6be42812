import type { KeyObject } from "node:crypto";
import { calculateJwkThumbprint, CompactSign, decodeProtectedHeader } from "jose";
import { z } from "zod";
import { LOW_S_HEADER, withLowS } from "@tsunagi/service-kit/es256-low-s";
import type { PublicCheckpointJwk } from "../../consent/index.server";
import { verifyEs256Once } from "../../consent";
import { PUBLISHED_CHECKPOINT_JWS_TYPE, publishedCheckpointBytes, type PublishedCheckpoint, type SignedPublishedCheckpoint } from "./published-checkpoint";

/**
 * ES256 over the statement's canonical JSON as an ordinary (attached) compact JWS: an outsider verifies it with any
 * JOSE library and the published JWK set and reads the payload back, without reimplementing RFC 8785 (ADR 046).
 * Low S, promised in the header: a published statement has one valid form (ADR 117).
 */
export async function signPublishedCheckpoint(checkpoint: PublishedCheckpoint, key: { kid: string; privateKey: KeyObject }): Promise<SignedPublishedCheckpoint> {
  const jws = await new CompactSign(publishedCheckpointBytes(checkpoint)).setProtectedHeader({ alg: "ES256", kid: key.kid, typ: PUBLISHED_CHECKPOINT_JWS_TYPE, ...LOW_S_HEADER }).sign(key.privateKey);
  return { checkpoint, jws: withLowS(jws) };
}

export type PublishedSignatureProblem = "not_a_checkpoint_jws" | "unknown_key" | "bad_signature" | "statement_differs";

/**
 * Null when the JWS is a published-checkpoint signature by one of these keys and its payload is, byte for byte, the
 * statement shown beside it: a list whose JSON was edited while the JWS was kept is `statement_differs`.
 */
export async function publishedSignatureProblem(signed: SignedPublishedCheckpoint, jwks: { keys: PublicCheckpointJwk[] }): Promise<PublishedSignatureProblem | null> {
  const parts = signed.jws.split(".");
  if (parts.length !== 3 || parts.some((part) => part === "")) return "not_a_checkpoint_jws";
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(signed.jws);
  } catch {
    return "not_a_checkpoint_jws";
  }
  // The same key signs ledger checkpoints (ADR 012); a signature made for another typ is not a published checkpoint.
  if (header.alg !== "ES256" || header.typ !== PUBLISHED_CHECKPOINT_JWS_TYPE) return "not_a_checkpoint_jws";
  if (!jwks.keys.some((key) => key.kid === header.kid)) return "unknown_key";
  let payload: Uint8Array;
  try {
    payload = await verifyEs256Once(signed.jws, jwks);
  } catch {
    return "bad_signature";
  }
  return Buffer.from(payload).equals(publishedCheckpointBytes(signed.checkpoint)) ? null : "statement_differs";
}

const PublicEcJwkSchema = z.looseObject({ kty: z.literal("EC"), crv: z.literal("P-256"), x: z.string().min(1), y: z.string().min(1) });
const JwkSetSchema = z.looseObject({ keys: z.array(PublicEcJwkSchema).min(1) });

/**
 * A JWK set as fetched or handed over, reduced to public P-256 keys named by their RFC 7638 thumbprint — as the signer
 * names them (ADR 012) — whatever `kid` the document states: a relabelled key cannot pass for another.
 */
export async function parsePublicJwks(json: unknown): Promise<{ keys: PublicCheckpointJwk[] }> {
  const parsed = JwkSetSchema.safeParse(json);
  if (!parsed.success) throw new Error("not a JWK set of P-256 keys");
  const keys = await Promise.all(
    parsed.data.keys.map(async ({ x, y }) => {
      const kid = await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x, y }, "sha256");
      return { kty: "EC", crv: "P-256", x, y, kid, alg: "ES256", use: "sig" } as const;
    }),
  );
  return { keys };
}
