import { sign } from "node:crypto";
import type { PublicSigningJwk, SigningKeySet } from "./signing-keys";

export interface JwsSigner {
  /** A compact ES256 JWS over exactly these bytes (the JSON text of the payload). */
  sign(payloadJson: string): string;
  /** The public keys, for `GET /.well-known/jwks.json`. */
  publicJwks(): { keys: PublicSigningJwk[] };
}

/**
 * Signs with node:crypto directly: ECDSA P-256 over SHA-256 with the raw r‖s signature JOSE expects
 * (`ieee-p1363`). The protected header is encoded once per key, not per answer.
 */
export function createJwsSigner(keys: SigningKeySet): JwsSigner {
  const header = Buffer.from(JSON.stringify({ alg: "ES256", kid: keys.active.kid })).toString("base64url");
  const privateKey = keys.active.privateKey;
  const jwks = { keys: keys.all.map((key) => key.publicJwk) };
  return {
    sign(payloadJson) {
      const signingInput = `${header}.${Buffer.from(payloadJson, "utf8").toString("base64url")}`;
      const signature = sign("sha256", Buffer.from(signingInput, "latin1"), { key: privateKey, dsaEncoding: "ieee-p1363" });
      return `${signingInput}.${signature.toString("base64url")}`;
    },
    publicJwks: () => jwks,
  };
}
