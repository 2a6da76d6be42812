import { webAuthnLibrary } from "./webauthn-library.server";
import type { Transaction } from "../../../db.server";
import type { AuthenticationResponseInput } from "./passkey-schemas";
import { relyingParty, userIdFromHandle } from "./relying-party.server";

export interface StoredPasskey {
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: bigint;
  transports: string[];
}

export interface VerifiedAssertion {
  newCounter: number;
  deviceType: string;
  backedUp: boolean;
}

/**
 * Checks a signed assertion against a stored passkey: signature, challenge, origin, RP ID, user verification,
 * and that the signature counter moved forward (the library refuses a counter that did not, the sign of a
 * cloned authenticator). Null for any failure: the caller records it the same way whatever the cause.
 */
export async function verifyPasskeyAssertion(
  passkey: StoredPasskey,
  response: AuthenticationResponseInput,
  expectedChallenge: string,
): Promise<VerifiedAssertion | null> {
  // A discoverable passkey names its account; it must be the account the credential was registered to.
  if (response.response.userHandle && userIdFromHandle(response.response.userHandle) !== passkey.userId) return null;
  const rp = relyingParty();
  try {
    const result = await (await webAuthnLibrary()).verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.publicKey), counter: Number(passkey.counter), transports: passkey.transports },
    });
    if (!result.verified) return null;
    const info = result.authenticationInfo;
    return { newCounter: info.newCounter, deviceType: info.credentialDeviceType, backedUp: info.credentialBackedUp };
  } catch {
    return null;
  }
}

/**
 * Stores the new counter, conditional on the one read before verifying: of two requests racing with
 * assertions from one authenticator, only one can move it. False when this one lost.
 */
export async function recordPasskeyUse(tx: Transaction, passkey: StoredPasskey, assertion: VerifiedAssertion, now: Date): Promise<boolean> {
  const { count } = await tx.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(assertion.newCounter), deviceType: assertion.deviceType, backedUp: assertion.backedUp, lastUsedAt: now },
  });
  return count === 1;
}
