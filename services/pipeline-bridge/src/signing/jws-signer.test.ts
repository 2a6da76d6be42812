import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, importJWK } from "jose";
import { keysOfSet, newP256KeyEntry } from "@tsunagi/service-kit/p256-key-file.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasLowS, jwsSignature } from "../../../../tests/support/high-s-twin";
import { createJwsSigner, type JwsSigner } from "./jws-signer";
import { loadSigningKeys } from "./signing-keys";

describe("JWS signer", () => {
  let signer: JwsSigner;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "tsunagi-signer-"));
    signer = createJwsSigner(await loadSigningKeys({ dataDir }));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function verified(jws: string): Promise<{ payload: string; kid: string | undefined }> {
    const jwk = signer.publicJwks().keys[0]!;
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(jwk, "ES256"));
    expect(protectedHeader.alg).toBe("ES256");
    return { payload: new TextDecoder().decode(payload), kid: protectedHeader.kid };
  }

  // Non-ASCII text: the signature covers its UTF-8 bytes, not the string's UTF-16 code units.
  const payloads = ['{"a":1}', "{}", JSON.stringify({ title: "肺がん WGS — é", n: "x".repeat(100_000) })];

  it("signs on this thread, on the thread pool, and from bytes alike: each verifies against the published key, over exactly the payload", async () => {
    for (const payload of payloads) {
      const kid = signer.publicJwks().keys[0]!.kid;
      expect(await verified(signer.sign(payload))).toEqual({ payload, kid });
      expect(await verified(await signer.signAsync(payload))).toEqual({ payload, kid });
      const parts = await signer.signBytesAsync(Buffer.from(payload, "utf8"));
      expect(await verified(`${parts.signingInput.toString("latin1")}.${parts.signature}`)).toEqual({ payload, kid });
    }
  });

  it("answers in the low-S form every time, on every path, over many signatures (ADR 117)", async () => {
    for (let i = 0; i < 50; i++) {
      const payload = `{"n":${i}}`;
      const small = await signer.signSmallAsync(payload);
      const parts = await signer.signBytesAsync(Buffer.from(payload, "utf8"));
      const forms = [signer.sign(payload), await signer.signAsync(payload), `${small.signingInput}.${small.signature}`, `${parts.signingInput.toString("latin1")}.${parts.signature}`];
      for (const jws of forms) {
        expect(hasLowS(jwsSignature(jws)), jws).toBe(true);
        expect((await verified(jws)).payload).toBe(payload);
      }
    }
  });

  it("a payload changed after signing does not verify", async () => {
    const [header, , signature] = signer.sign('{"allowed":false}').split(".");
    const forged = `${header}.${Buffer.from('{"allowed":true}').toString("base64url")}.${signature}`;
    await expect(verified(forged)).rejects.toThrow();
  });
});

// ADR 054: the key is chosen per answer by the clock, so a rotation's switch needs no reload.
describe("JWS signer across a rotation", () => {
  it("signs with the old key until the new key's activation, then the new one; publishes all, never signs with a retired key", async () => {
    const from = Date.parse("2026-11-24T10:00:00Z");
    const { d: _d, ...retired } = await newP256KeyEntry();
    const entries = [retired, await newP256KeyEntry(), await newP256KeyEntry(new Date(from))];
    const all = await keysOfSet("keys.json", { keys: entries });
    let now = from - 1;
    const signer = createJwsSigner({ current: () => ({ all }), refused: () => null, watch: () => undefined, stop: () => undefined }, () => now);
    const kidOf = (jws: string) => decodeProtectedHeader(jws).kid;
    expect(signer.publicJwks().keys.map((key) => key.kid)).toEqual(all.map((key) => key.kid));
    const jwks = createLocalJWKSet(signer.publicJwks());

    const before = signer.sign("{}");
    expect(kidOf(before)).toBe(all[1]!.kid);
    now = from;
    const after = await signer.signAsync("{}");
    const parts = await signer.signBytesAsync(Buffer.from("{}"));
    expect(kidOf(after)).toBe(all[2]!.kid);
    expect(kidOf(`${parts.signingInput.toString("latin1")}.${parts.signature}`)).toBe(all[2]!.kid);
    for (const jws of [before, after]) await expect(compactVerify(jws, jwks)).resolves.toBeTruthy();
  });
});
