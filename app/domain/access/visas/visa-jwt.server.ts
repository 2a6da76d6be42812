import type { KeyObject } from "node:crypto";
import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload } from "jose";
import { isCanonicalEs256Signature, withLowS } from "@tsunagi/service-kit/es256-low-s";

/** What a visa's JWT says besides its GA4GH claim (issue-visa.server.ts decides each value). */
export interface VisaJwtClaims {
  ga4gh_visa_v1: Record<string, unknown>;
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
}

/**
 * A visa in the Visa Document Token format: ES256, `jku` and `kid` in the header, and the signature in its low-S form
 * (ADR 117). The header makes no low-S promise: a visa lives five minutes, so a verifier holds every visa to low S.
 */
export async function signVisaJwt(claims: VisaJwtClaims, key: { kid: string; privateKey: KeyObject }, jku: string): Promise<string> {
  const { ga4gh_visa_v1, iss, sub, iat, exp, jti } = claims;
  const jwt = await new SignJWT({ ga4gh_visa_v1 })
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: key.kid, jku })
    .setIssuer(iss)
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);
  return withLowS(jwt);
}

/**
 * The claims of a visa this issuer signed with one of these keys, or null. Its expiry is not judged here (the caller
 * tells an expired visa from a forged one). A visa's high-S twin verifies in jose as well; it is refused, so one
 * issued visa has one form (ADR 117). Visas from before that rule were high-S half the time, and expired minutes later.
 */
export async function verifyVisaJwt(visa: string, jwks: JSONWebKeySet, issuer: string): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(visa, createLocalJWKSet(jwks), { algorithms: ["ES256"], issuer, typ: "JWT", currentDate: new Date(0) });
    return isCanonicalEs256Signature(visa, "always") ? payload : null;
  } catch {
    return null;
  }
}
