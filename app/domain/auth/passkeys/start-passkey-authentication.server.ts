import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { webAuthnLibrary } from "./webauthn-library.server";
import { getDatabase, type Database } from "../../../db.server";
import type { RequestContext } from "../../kernel/index";
import { saveChallenge } from "./passkey-challenge.server";
import { relyingParty } from "./relying-party.server";

export interface PasskeyAuthenticationStart {
  challengeId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * Options for navigator.credentials.get() at sign-in. No allowCredentials: the authenticator offers the
 * passkeys it holds for this site, so nobody types an e-mail and the page reveals no account.
 */
export async function startPasskeyAuthentication(
  options: { request: RequestContext },
  db: Database = getDatabase(),
): Promise<PasskeyAuthenticationStart> {
  const now = options.request.now ?? new Date();
  const requestOptions = await (await webAuthnLibrary()).generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "required", timeout: 5 * 60_000 });
  const challengeId = await saveChallenge(db, { purpose: "authentication", challenge: requestOptions.challenge, userId: null, now });
  return { challengeId, options: requestOptions };
}
