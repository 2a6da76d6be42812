// ADR 117: a visa has one valid form, the low-S one; its high-S twin is not a visa this programme issued.
import { generateKeyPairSync } from "node:crypto";
import { decodeProtectedHeader, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { hasLowS, highSTwinJws, jwsSignature } from "../../../../tests/support/high-s-twin";
import { signVisaJwt, verifyVisaJwt } from "./visa-jwt.server";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const key = { kid: "visas-2026-11", privateKey };
const jwks = { keys: [{ ...publicKey.export({ format: "jwk" }), kid: key.kid, alg: "ES256", use: "sig" }] };
const issuer = "https://tsunagi.example";
const jku = `${issuer}/.well-known/jwks.json`;

const claims = (n: number) => ({
  ga4gh_visa_v1: { type: "ControlledAccessGrants", asserted: 1_795_000_000, value: `${issuer}/register/DAC-2026-${n}`, source: `${issuer}/committee`, by: "dac" },
  iss: issuer,
  sub: "c3ViamVjdA",
  iat: 1_795_000_000 + n,
  exp: 1_795_000_300 + n,
  jti: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
});

describe("a visa's signature (ADR 117)", () => {
  it("is low-S every time, over many visas, in the Visa Document Token format, and verifies", async () => {
    for (let n = 0; n < 100; n++) {
      const visa = await signVisaJwt(claims(n), key, jku);
      expect(hasLowS(jwsSignature(visa)), visa).toBe(true);
      expect(await verifyVisaJwt(visa, jwks, issuer)).toEqual(claims(n));
    }
    expect(decodeProtectedHeader(await signVisaJwt(claims(0), key, jku))).toEqual({ alg: "ES256", typ: "JWT", kid: key.kid, jku });
  });

  it("refuses the high-S twin of a genuine visa, and a visa of another issuer", async () => {
    const visa = await signVisaJwt(claims(1), key, jku);
    expect(await verifyVisaJwt(visa, jwks, issuer)).not.toBeNull();
    expect(await verifyVisaJwt(highSTwinJws(visa), jwks, issuer)).toBeNull();
    expect(await verifyVisaJwt(visa, jwks, "https://elsewhere.example")).toBeNull();
  });

  it("holds a visa signed before the rule to low S as well: it expired five minutes after it was issued", async () => {
    const before = await new SignJWT({ ga4gh_visa_v1: claims(2).ga4gh_visa_v1 })
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: key.kid, jku })
      .setIssuer(issuer)
      .setIssuedAt(1_795_000_000)
      .setExpirationTime(1_795_000_300)
      .sign(privateKey);
    const forms = [before, highSTwinJws(before)];
    const accepted = await Promise.all(forms.map((form) => verifyVisaJwt(form, jwks, issuer)));
    // Exactly one of the two forms is low-S, and only it is accepted.
    expect(accepted.filter((payload) => payload !== null)).toHaveLength(1);
    expect(forms.map((form) => hasLowS(jwsSignature(form)))).toEqual(accepted.map((payload) => payload !== null));
  });
});
