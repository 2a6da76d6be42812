// ADR 117: an ES256 signature has one accepted encoding, the low-S one, written canonically.
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { CompactSign, compactVerify } from "jose";
import { describe, expect, it } from "vitest";
import { highSTwin, highSTwinJws, P256_ORDER as N, signatureWithS as withS, sOfSignature as sOf } from "../../../tests/support/high-s-twin";
import { ES256_SIGNATURE_BYTES, isCanonicalEs256Signature, isLowS, LOW_S_HEADER, toLowS, withLowS } from "./es256-low-s";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const message = Buffer.from("a consent receipt");
const rawSignature = () => new Uint8Array(sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" }));
const verifies = (signature: Uint8Array) => verify("sha256", message, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature);

describe("low S for a P-256 signature", () => {
  it("Node's crypto gives high S about half the time, and both forms verify: the malleability this closes", () => {
    const signatures = Array.from({ length: 64 }, rawSignature);
    const high = signatures.filter((signature) => !isLowS(signature));
    // 64 signatures without a single high-S one would happen once in 2^64 runs.
    expect(high.length).toBeGreaterThan(0);
    expect(high.length).toBeLessThan(64);
    for (const signature of signatures) {
      expect(verifies(signature)).toBe(true);
      expect(verifies(highSTwin(signature))).toBe(true);
    }
  });

  it("toLowS keeps a low-S signature and turns a high-S one into its verifying twin, s ≤ n/2", () => {
    for (let i = 0; i < 200; i++) {
      const signature = rawSignature();
      const low = toLowS(signature);
      expect(isLowS(low)).toBe(true);
      expect(verifies(low)).toBe(true);
      expect(sOf(low) <= N / 2n).toBe(true);
      if (isLowS(signature)) expect(low).toBe(signature);
      else expect(sOf(low)).toBe(N - sOf(signature));
      expect(Buffer.from(low.subarray(0, 32))).toEqual(Buffer.from(signature.subarray(0, 32)));
    }
  });

  it("draws the line at ⌊n/2⌋ exactly, and refuses s = 0 and anything not 64 bytes", () => {
    const base = rawSignature();
    expect(isLowS(withS(base, N / 2n))).toBe(true);
    expect(isLowS(withS(base, N / 2n + 1n))).toBe(false);
    expect(isLowS(withS(base, 1n))).toBe(true);
    expect(isLowS(withS(base, 0n))).toBe(false);
    expect(isLowS(withS(base, N - 1n))).toBe(false);
    expect(sOf(toLowS(withS(base, N - 1n)))).toBe(1n);
    expect(sOf(toLowS(withS(base, N / 2n + 1n)))).toBe(N / 2n);
    expect(isLowS(new Uint8Array(ES256_SIGNATURE_BYTES - 1))).toBe(false);
    expect(() => toLowS(new Uint8Array(70))).toThrow("64 bytes");
  });
});

describe("the accepted form of a compact JWS's signature", () => {
  const jwsOf = async (header: Record<string, unknown>) =>
    new CompactSign(message).setProtectedHeader({ alg: "ES256", ...header }).sign(privateKey);
  const twinOf = highSTwinJws;

  it("withLowS normalises jose's output, attached or detached, and the result still verifies", async () => {
    for (let i = 0; i < 50; i++) {
      const jws = withLowS(await jwsOf(LOW_S_HEADER));
      expect(isLowS(Buffer.from(jws.split(".")[2]!, "base64url"))).toBe(true);
      await expect(compactVerify(jws, publicKey)).resolves.toBeTruthy();
      const [head, , signature] = jws.split(".");
      expect(withLowS(`${head}..${signature}`)).toBe(`${head}..${signature}`);
      expect(withLowS(twinOf(jws))).toBe(jws);
    }
  });

  it("refuses the high-S twin of a signature whose header promises low S, and of every signature when held to it always", async () => {
    const jws = withLowS(await jwsOf(LOW_S_HEADER));
    const twin = twinOf(jws);
    // jose itself takes both; the rule here is what tells them apart.
    await expect(compactVerify(twin, publicKey)).resolves.toBeTruthy();
    expect(isCanonicalEs256Signature(jws, "when-promised")).toBe(true);
    expect(isCanonicalEs256Signature(twin, "when-promised")).toBe(false);
    expect(isCanonicalEs256Signature(jws, "always")).toBe(true);
    expect(isCanonicalEs256Signature(twin, "always")).toBe(false);
  });

  it("still accepts both forms of a signature made before the rule (no promise in its header), unless held to low S always", async () => {
    const old = withLowS(await jwsOf({ typ: "tsunagi-ledger-checkpoint" }));
    const oldTwin = twinOf(old);
    expect(isCanonicalEs256Signature(old, "when-promised")).toBe(true);
    expect(isCanonicalEs256Signature(oldTwin, "when-promised")).toBe(true);
    expect(isCanonicalEs256Signature(oldTwin, "always")).toBe(false);
  });

  it("refuses a signature segment written another way for the same bytes, padded, or of the wrong length", async () => {
    const jws = withLowS(await jwsOf(LOW_S_HEADER));
    const [head, payload, signature] = jws.split(".") as [string, string, string];
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // 64 bytes take 86 characters, the last holding 4 unused bits: flipping one decodes to the same bytes.
    const otherLast = alphabet[alphabet.indexOf(signature.at(-1)!) ^ 1]!;
    const sameBytes = `${head}.${payload}.${signature.slice(0, -1)}${otherLast}`;
    await expect(compactVerify(sameBytes, publicKey)).resolves.toBeTruthy();
    for (const variant of [sameBytes, `${jws}=`, `${head}.${payload}.${signature.slice(0, -4)}`, `${head}.${payload}`, `${jws}.x`]) {
      expect(isCanonicalEs256Signature(variant, "when-promised"), variant.slice(-8)).toBe(false);
    }
  });
});
