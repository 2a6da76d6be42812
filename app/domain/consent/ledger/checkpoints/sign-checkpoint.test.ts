// ADR 117: a ledger checkpoint's signature has one valid form, the low-S one; checkpoints signed before the rule are
// stored for good and still verify.
import { generateKeyPairSync } from "node:crypto";
import { CompactSign } from "jose";
import { describe, expect, it } from "vitest";
import { hasLowS, highSTwinJws, jwsSignature } from "../../../../../tests/support/high-s-twin";
import { CHECKPOINT_JWS_TYPE, checkpointBytes, GENESIS_HASH, type LedgerCheckpoint } from "./ledger-checkpoint";
import type { PublicCheckpointJwk } from "./load-checkpoint-keys.server";
import { checkpointSignatureProblem, signCheckpoint } from "./sign-checkpoint";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const kid = "checkpoints-2026-11";
const key = { kid, privateKey };
const jwks = { keys: [{ ...(publicKey.export({ format: "jwk" }) as { x: string; y: string }), kty: "EC", crv: "P-256", kid, alg: "ES256", use: "sig" } as PublicCheckpointJwk] };

const checkpoint = (seq: number): LedgerCheckpoint => ({
  version: 1,
  seq,
  previous: GENESIS_HASH,
  takenAt: "2026-11-28T10:00:00.000Z",
  ledger: { globalSeq: String(seq * 3), chainHash: "a".repeat(64) },
  participants: [{ participantId: "p-1", participantSeq: seq, globalSeq: String(seq * 3), hash: "1".repeat(64) }],
  audit: { throughId: String(seq * 10), rows: seq, digest: "d".repeat(64) },
});

describe("a ledger checkpoint's signature (ADR 117)", () => {
  it("is low-S every time, over many checkpoints, and verifies", async () => {
    for (let seq = 1; seq <= 100; seq++) {
      const signed = await signCheckpoint(checkpoint(seq), key);
      expect(hasLowS(jwsSignature(signed.jws)), signed.jws).toBe(true);
      expect(await checkpointSignatureProblem(signed, jwks)).toBeNull();
    }
  });

  it("refuses the high-S twin of a genuine signature as a bad signature", async () => {
    const signed = await signCheckpoint(checkpoint(7), key);
    expect(await checkpointSignatureProblem(signed, jwks)).toBeNull();
    expect(await checkpointSignatureProblem({ ...signed, jws: highSTwinJws(signed.jws) }, jwks)).toBe("bad_signature");
  });

  it("still verifies a checkpoint signed before the rule, in either form: the log keeps every line for good", async () => {
    const old = checkpoint(3);
    const compact = await new CompactSign(checkpointBytes(old)).setProtectedHeader({ alg: "ES256", kid, typ: CHECKPOINT_JWS_TYPE }).sign(privateKey);
    const [header, , signature] = compact.split(".");
    const jws = `${header}..${signature}`;
    expect(await checkpointSignatureProblem({ checkpoint: old, jws }, jwks)).toBeNull();
    expect(await checkpointSignatureProblem({ checkpoint: old, jws: highSTwinJws(jws) }, jwks)).toBeNull();
  });
});
