import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactVerify, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

  it("a payload changed after signing does not verify", async () => {
    const [header, , signature] = signer.sign('{"allowed":false}').split(".");
    const forged = `${header}.${Buffer.from('{"allowed":true}').toString("base64url")}.${signature}`;
    await expect(verified(forged)).rejects.toThrow();
  });
});
