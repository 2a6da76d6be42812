// ADR 117: a published checkpoint's signature has one valid form, the low-S one; statements published before the rule
// are in witnesses' copies and still verify.
import { generateKeyPairSync } from "node:crypto";
import { CompactSign } from "jose";
import { describe, expect, it } from "vitest";
import { hasLowS, highSTwinJws, jwsSignature } from "../../../../tests/support/high-s-twin";
import type { PublicCheckpointJwk } from "../../consent/index.server";
import { GENESIS_PUBLISHED_HASH, PUBLISHED_CHECKPOINT_JWS_TYPE, publishedCheckpointBytes, type PublishedCheckpoint } from "./published-checkpoint";
import { publishedSignatureProblem, signPublishedCheckpoint } from "./sign-published-checkpoint";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const kid = "checkpoints-2026-11";
const key = { kid, privateKey };
const jwks = { keys: [{ ...(publicKey.export({ format: "jwk" }) as { x: string; y: string }), kty: "EC", crv: "P-256", kid, alg: "ES256", use: "sig" } as PublicCheckpointJwk] };

const statement = (seq: number): PublishedCheckpoint => ({
  version: 1,
  seq,
  previous: GENESIS_PUBLISHED_HASH,
  publishedAt: "2026-11-28T10:00:00.000Z",
  reason: "change",
  ledger: { globalSeq: String(seq * 3), chainHash: "a".repeat(64) },
  audit: { throughId: String(seq * 10), rows: seq, digest: "d".repeat(64) },
});

describe("a published checkpoint's signature (ADR 117)", () => {
  it("is low-S every time, over many statements, and verifies", async () => {
    for (let seq = 1; seq <= 100; seq++) {
      const signed = await signPublishedCheckpoint(statement(seq), key);
      expect(hasLowS(jwsSignature(signed.jws)), signed.jws).toBe(true);
      expect(await publishedSignatureProblem(signed, jwks)).toBeNull();
    }
  });

  it("refuses the high-S twin of a genuine signature as a bad signature", async () => {
    const signed = await signPublishedCheckpoint(statement(4), key);
    expect(await publishedSignatureProblem(signed, jwks)).toBeNull();
    expect(await publishedSignatureProblem({ ...signed, jws: highSTwinJws(signed.jws) }, jwks)).toBe("bad_signature");
  });

  it("still verifies a statement published before the rule, in either form", async () => {
    const old = statement(2);
    const jws = await new CompactSign(publishedCheckpointBytes(old)).setProtectedHeader({ alg: "ES256", kid, typ: PUBLISHED_CHECKPOINT_JWS_TYPE }).sign(privateKey);
    expect(await publishedSignatureProblem({ checkpoint: old, jws }, jwks)).toBeNull();
    expect(await publishedSignatureProblem({ checkpoint: old, jws: highSTwinJws(jws) }, jwks)).toBeNull();
  });
});
