import { sign } from "node:crypto";
import type { PublicSigningJwk, SigningKeySet } from "./signing-keys";

export interface JwsSigner {
  /** A compact ES256 JWS over exactly these bytes (the JSON text of the payload), computed on this thread. */
  sign(payloadJson: string): string;
  /**
   * The same, with the elliptic-curve work done on libuv's thread pool: the event loop keeps answering other
   * requests meanwhile. The decision path uses this.
   */
  signAsync(payloadJson: string): Promise<string>;
  /** The public keys, for `GET /.well-known/jwks.json`. */
  publicJwks(): { keys: PublicSigningJwk[] };
}

/**
 * Signs with node:crypto directly: ECDSA P-256 over SHA-256 with the raw r‖s signature JOSE expects
 * (`ieee-p1363`). The protected header is encoded once per key, not per answer.
 */
export function createJwsSigner(keys: SigningKeySet): JwsSigner {
  const header = Buffer.from(JSON.stringify({ alg: "ES256", kid: keys.active.kid })).toString("base64url");
  const options = { key: keys.active.privateKey, dsaEncoding: "ieee-p1363" } as const;
  const jwks = { keys: keys.all.map((key) => key.publicJwk) };
  const signingInput = (payloadJson: string) => `${header}.${Buffer.from(payloadJson, "utf8").toString("base64url")}`;
  return {
    sign(payloadJson) {
      const input = signingInput(payloadJson);
      return `${input}.${sign("sha256", Buffer.from(input, "latin1"), options).toString("base64url")}`;
    },
    signAsync(payloadJson) {
      const input = signingInput(payloadJson);
      return new Promise((resolve, reject) => {
        sign("sha256", Buffer.from(input, "latin1"), options, (error, signature) => {
          if (error) reject(error);
          else resolve(`${input}.${signature.toString("base64url")}`);
        });
      });
    },
    publicJwks: () => jwks,
  };
}
