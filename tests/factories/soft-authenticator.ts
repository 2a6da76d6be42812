/**
 * A software WebAuthn authenticator (ES256, "none" attestation) for tests that need real signed responses
 * without a browser: it builds the same registration and assertion JSON @simplewebauthn/browser would send.
 * Its signature counter can be set freely, to test what a cloned authenticator would do.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { relyingParty } from "../../app/domain/auth/passkeys/relying-party.server";

type Cbor = Parameters<typeof isoCBOR.encode>[0];

const flags = { userPresent: 0x01, userVerified: 0x04, attestedData: 0x40 };

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();
const b64url = (data: Uint8Array) => Buffer.from(data).toString("base64url");

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private userHandle: string | undefined;
  counter = 0;

  /** `origin`: the page the browser would be on; by default the app's own (APP_URL). */
  constructor(private readonly origin = relyingParty().origin) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** The answer to navigator.credentials.create(options). */
  register(options: PublicKeyCredentialCreationOptionsJSON, { userVerified = true } = {}): RegistrationResponseJSON {
    this.userHandle = options.user.id;
    const jwk = this.publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, Cbor>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, new Uint8Array(Buffer.from(jwk.x!, "base64url"))],
      [-3, new Uint8Array(Buffer.from(jwk.y!, "base64url"))],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(options.rp.id ?? "localhost"),
      Buffer.from([flags.userPresent | (userVerified ? flags.userVerified : 0) | flags.attestedData]),
      counterBytes(this.counter),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      this.credentialId,
      Buffer.from(isoCBOR.encode(coseKey)),
    ]);
    const attestationObject = isoCBOR.encode(new Map<string, Cbor>([["fmt", "none"], ["attStmt", new Map()], ["authData", new Uint8Array(authData)]]));
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["internal"] },
    };
  }

  /** The answer to navigator.credentials.get(options); the counter is used as it is, then increased. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, { userVerified = true, counter = this.counter + 1 } = {}): AuthenticationResponseJSON {
    this.counter = counter;
    const authData = Buffer.concat([
      sha256(options.rpId ?? "localhost"),
      Buffer.from([flags.userPresent | (userVerified ? flags.userVerified : 0)]),
      counterBytes(counter),
    ]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: this.userHandle,
      },
    };
  }
}
