import { sign, type KeyObject } from "node:crypto";
import { toLowS } from "@tsunagi/service-kit/es256-low-s";
import { signingKeyAt, type LiveSigningKeys, type PublicSigningJwk, type SigningKey, type SigningKeySet } from "./signing-keys";

/** A compact JWS in two parts, so that a large one can be written out without being copied into a string. */
export interface JwsParts {
  /** `<protected header>.<payload in base64url>`, the bytes the signature covers (ASCII). */
  signingInput: Buffer;
  /** The signature in base64url: the JWS is `signingInput` + "." + `signature`. */
  signature: string;
}

/**
 * An RFC 7797 JWS with its payload detached and unencoded: the protected header says `"b64": false, "crit": ["b64"]`
 * and the signature covers `ASCII(BASE64URL(header)) || "." || the payload's bytes as they are` (ADR 160).
 */
export interface UnencodedDetachedJws {
  /** The protected header in base64url. */
  protectedHeader: string;
  /** The signature in base64url. */
  signature: string;
}

/** `header..signature`: the compact form of a JWS whose payload travels apart (RFC 7515 appendix F, RFC 7797 §5). */
export function detachedCompact(jws: UnencodedDetachedJws | { protectedHeader: string; signature: string }): string {
  return `${jws.protectedHeader}..${jws.signature}`;
}

export interface JwsSigner {
  /** A compact ES256 JWS over exactly these bytes (the JSON text of the payload), computed on this thread. */
  sign(payloadJson: string): string;
  /**
   * The same, with the elliptic-curve work done on libuv's thread pool: the event loop keeps answering other
   * requests meanwhile.
   */
  signAsync(payloadJson: string): Promise<string>;
  /** As signAsync, over the payload's UTF-8 bytes, in parts (a large answer's path uses this). */
  signBytesAsync(payload: Buffer): Promise<JwsParts>;
  /**
   * An RFC 7797 signature over these bytes as they are (`"b64": false`), for an answer whose body is the payload and
   * whose signature travels apart (a release in the detached form, ADR 160). Signed on libuv's thread pool.
   */
  signUnencodedAsync(payload: Buffer): Promise<UnencodedDetachedJws>;
  /**
   * The signing input and signature of a small payload (a single decision's answer) as strings, signed on libuv's
   * thread pool: the answer is then written as one string, its head and body in one write.
   */
  signSmallAsync(payloadJson: string): Promise<{ signingInput: string; signature: string }>;
  /** The public keys, for `GET /.well-known/jwks.json`: every key in the file, retired and not yet signing ones too. */
  publicJwks(): { keys: PublicSigningJwk[] };
  /** Set while the key file as it is now cannot be used and the keys read before still sign (ADR 054). */
  keyFileRefused(): { since: string; inUse: string[] } | null;
}

/**
 * Node's ECDSA leaves s as it comes out, in the high half about every other time, and (r, n − s) verifies as well:
 * the bridge answers in the one form the programme accepts, low S (ADR 117).
 */
function lowS(signature: Buffer): Buffer {
  const low = toLowS(signature);
  return low === signature ? signature : Buffer.from(low);
}

/**
 * Signs with node:crypto directly: ECDSA P-256 over SHA-256 with the raw r‖s signature JOSE expects
 * (`ieee-p1363`). The key is the one that signs at this moment (ADR 054: a rotated-in key from its activation time,
 * read from the set as the file says now), chosen per answer, so the switch needs no reload. The protected header
 * is encoded once per key, not per answer.
 */
export function createJwsSigner(keys: SigningKeySet | LiveSigningKeys, clock: () => number = Date.now): JwsSigner {
  const currentSet = "current" in keys ? () => keys.current() : () => keys;
  const prepared = new WeakMap<SigningKey, { header: Buffer; unencodedHeader: Buffer; options: { key: KeyObject; dsaEncoding: "ieee-p1363" } }>();
  const jwksOf = new WeakMap<SigningKeySet, { keys: PublicSigningJwk[] }>();
  const signingKey = () => {
    const key = signingKeyAt(currentSet(), clock());
    // Never the case: a set is accepted only when some key may sign, and a running bridge keeps one that could.
    if (!key) throw new Error("no signing key may sign now");
    let ready = prepared.get(key);
    if (!ready) {
      ready = {
        header: Buffer.from(`${Buffer.from(JSON.stringify({ alg: "ES256", kid: key.kid })).toString("base64url")}.`, "latin1"),
        // RFC 7797 §6: a verifier that does not know b64 must refuse the JWS rather than read the payload as base64url.
        unencodedHeader: Buffer.from(`${Buffer.from(JSON.stringify({ alg: "ES256", kid: key.kid, b64: false, crit: ["b64"] })).toString("base64url")}.`, "latin1"),
        options: { key: key.privateKey, dsaEncoding: "ieee-p1363" },
      };
      prepared.set(key, ready);
    }
    return ready;
  };
  /** `<header>.<payload base64url>` written straight into one buffer: a batch's payload is megabytes. */
  const signingInput = (header: Buffer, payload: Buffer): Buffer => {
    const encoded = payload.toString("base64url");
    const input = Buffer.allocUnsafe(header.length + encoded.length);
    header.copy(input, 0);
    input.write(encoded, header.length, "latin1");
    return input;
  };
  const signBytesAsync = (payload: Buffer): Promise<JwsParts> => {
    const { header, options } = signingKey();
    const input = signingInput(header, payload);
    return new Promise((resolve, reject) => {
      sign("sha256", input, options, (error, signature) => {
        if (error) reject(error);
        else resolve({ signingInput: input, signature: lowS(signature).toString("base64url") });
      });
    });
  };
  const signUnencodedAsync = (payload: Buffer): Promise<UnencodedDetachedJws> => {
    const { unencodedHeader, options } = signingKey();
    // The payload's bytes go into the signing input as they are: one copy, no base64url of megabytes.
    const input = Buffer.concat([unencodedHeader, payload], unencodedHeader.length + payload.length);
    const protectedHeader = unencodedHeader.toString("latin1", 0, unencodedHeader.length - 1);
    return new Promise((resolve, reject) => {
      sign("sha256", input, options, (error, signature) => {
        if (error) reject(error);
        else resolve({ protectedHeader, signature: lowS(signature).toString("base64url") });
      });
    });
  };
  /** The protected header of each key as base64url text with its dot, for signSmallAsync. */
  const headerText = new WeakMap<Buffer, string>();
  return {
    signSmallAsync(payloadJson) {
      const { header, options } = signingKey();
      let prefix = headerText.get(header);
      if (prefix === undefined) {
        prefix = header.toString("latin1");
        headerText.set(header, prefix);
      }
      const input = prefix + Buffer.from(payloadJson, "utf8").toString("base64url");
      return new Promise((resolve, reject) => {
        // The input is base64url and dots only: its UTF-8 bytes are its characters.
        sign("sha256", Buffer.from(input, "latin1"), options, (error, signature) => {
          if (error) reject(error);
          else resolve({ signingInput: input, signature: lowS(signature).toString("base64url") });
        });
      });
    },
    keyFileRefused: () => ("refused" in keys ? keys.refused() : null),
    sign(payloadJson) {
      const { header, options } = signingKey();
      const input = signingInput(header, Buffer.from(payloadJson, "utf8"));
      return `${input.toString("latin1")}.${lowS(sign("sha256", input, options)).toString("base64url")}`;
    },
    async signAsync(payloadJson) {
      const { signingInput: input, signature } = await signBytesAsync(Buffer.from(payloadJson, "utf8"));
      return `${input.toString("latin1")}.${signature}`;
    },
    signBytesAsync,
    signUnencodedAsync,
    publicJwks() {
      const set = currentSet();
      let jwks = jwksOf.get(set);
      if (!jwks) {
        jwks = { keys: set.all.map((key) => key.publicJwk) };
        jwksOf.set(set, jwks);
      }
      return jwks;
    },
  };
}
