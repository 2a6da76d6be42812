import { sign } from "node:crypto";
import type { PublicSigningJwk, SigningKeySet } from "./signing-keys";

/** A compact JWS in two parts, so that a large one can be written out without being copied into a string. */
export interface JwsParts {
  /** `<protected header>.<payload in base64url>`, the bytes the signature covers (ASCII). */
  signingInput: Buffer;
  /** The signature in base64url: the JWS is `signingInput` + "." + `signature`. */
  signature: string;
}

export interface JwsSigner {
  /** A compact ES256 JWS over exactly these bytes (the JSON text of the payload), computed on this thread. */
  sign(payloadJson: string): string;
  /**
   * The same, with the elliptic-curve work done on libuv's thread pool: the event loop keeps answering other
   * requests meanwhile.
   */
  signAsync(payloadJson: string): Promise<string>;
  /** As signAsync, over the payload's UTF-8 bytes, in parts (the decision path uses this). */
  signBytesAsync(payload: Buffer): Promise<JwsParts>;
  /** The public keys, for `GET /.well-known/jwks.json`. */
  publicJwks(): { keys: PublicSigningJwk[] };
}

/**
 * Signs with node:crypto directly: ECDSA P-256 over SHA-256 with the raw r‖s signature JOSE expects
 * (`ieee-p1363`). The protected header is encoded once per key, not per answer.
 */
export function createJwsSigner(keys: SigningKeySet): JwsSigner {
  const header = Buffer.from(`${Buffer.from(JSON.stringify({ alg: "ES256", kid: keys.active.kid })).toString("base64url")}.`, "latin1");
  const options = { key: keys.active.privateKey, dsaEncoding: "ieee-p1363" } as const;
  const jwks = { keys: keys.all.map((key) => key.publicJwk) };
  /** `<header>.<payload base64url>` written straight into one buffer: a batch's payload is megabytes. */
  const signingInput = (payload: Buffer): Buffer => {
    const encoded = payload.toString("base64url");
    const input = Buffer.allocUnsafe(header.length + encoded.length);
    header.copy(input, 0);
    input.write(encoded, header.length, "latin1");
    return input;
  };
  const signBytesAsync = (payload: Buffer): Promise<JwsParts> => {
    const input = signingInput(payload);
    return new Promise((resolve, reject) => {
      sign("sha256", input, options, (error, signature) => {
        if (error) reject(error);
        else resolve({ signingInput: input, signature: signature.toString("base64url") });
      });
    });
  };
  return {
    sign(payloadJson) {
      const input = signingInput(Buffer.from(payloadJson, "utf8"));
      return `${input.toString("latin1")}.${sign("sha256", input, options).toString("base64url")}`;
    },
    async signAsync(payloadJson) {
      const { signingInput: input, signature } = await signBytesAsync(Buffer.from(payloadJson, "utf8"));
      return `${input.toString("latin1")}.${signature}`;
    },
    signBytesAsync,
    publicJwks: () => jwks,
  };
}
