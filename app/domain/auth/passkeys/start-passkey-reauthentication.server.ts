import { webAuthnLibrary } from "./webauthn-library.server";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { saveChallenge } from "./passkey-challenge.server";
import type { PasskeyAuthenticationStart } from "./start-passkey-authentication.server";
import { relyingParty } from "./relying-party.server";

/**
 * Options for confirming "it is still you" with a passkey. Limited to this account's passkeys and bound to it,
 * so another person's passkey on a shared computer cannot vouch for this session.
 */
export async function startPasskeyReauthentication(
  options: { session: { userId: string }; request: RequestContext },
  db: Database = getDatabase(),
): Promise<PasskeyAuthenticationStart> {
  const now = options.request.now ?? new Date();
  const passkeys = await db.passkey.findMany({ where: { userId: options.session.userId }, select: { id: true, transports: true } });
  if (passkeys.length === 0) throw new AppError("not_found", "no passkeys");
  const requestOptions = await (await webAuthnLibrary()).generateAuthenticationOptions({
    rpID: relyingParty().id,
    userVerification: "required",
    timeout: 5 * 60_000,
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
  });
  const challengeId = await saveChallenge(db, { purpose: "reauthentication", challenge: requestOptions.challenge, userId: options.session.userId, now });
  return { challengeId, options: requestOptions };
}
