import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { webAuthnLibrary } from "./webauthn-library.server";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { isRecentlyAuthenticated } from "../recent-authentication";
import type { RequestContext } from "../../kernel/index";
import { saveChallenge } from "./passkey-challenge.server";
import { relyingParty, userHandleOf } from "./relying-party.server";

export interface PasskeyRegistrationStart {
  challengeId: string;
  options: PublicKeyCredentialCreationOptionsJSON;
}

/**
 * Options for navigator.credentials.create(). A new passkey is a new way into the account, so it needs a
 * recent sign-in or re-authentication, like any factor change.
 */
export async function startPasskeyRegistration(
  options: { session: { userId: string; createdAt: Date; reauthenticatedAt: Date | null }; request: RequestContext },
  db: Database = getDatabase(),
): Promise<PasskeyRegistrationStart> {
  const now = options.request.now ?? new Date();
  if (!isRecentlyAuthenticated(options.session, now)) throw new AppError("reauthentication_required");
  const user = await db.user.findUniqueOrThrow({
    where: { id: options.session.userId },
    include: { passkeys: { select: { id: true, transports: true } } },
  });
  const rp = relyingParty();
  const creationOptions = await (await webAuthnLibrary()).generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: userHandleOf(user.id),
    userName: user.email,
    userDisplayName: user.displayName,
    timeout: 5 * 60_000,
    attestationType: "none",
    // The authenticator refuses to make a second passkey for this account where it already holds one.
    excludeCredentials: user.passkeys.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
    authenticatorSelection: {
      // Discoverable, so sign-in needs no e-mail address; verified (PIN, fingerprint, face), so it counts
      // as two factors and staff may skip their TOTP code.
      residentKey: "required",
      requireResidentKey: true,
      userVerification: "required",
    },
  });
  const challengeId = await saveChallenge(db, { purpose: "registration", challenge: creationOptions.challenge, userId: user.id, now });
  return { challengeId, options: creationOptions };
}
