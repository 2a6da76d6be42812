import { webAuthnLibrary } from "./webauthn-library.server";
import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { notifyFactorChange } from "../notify-factor-change.server";
import { isRecentlyAuthenticated } from "../recent-authentication";
import type { RequestContext } from "../../kernel/index";
import { takeChallenge } from "./passkey-challenge.server";
import { ChallengeIdSchema, PasskeyNameSchema, RegistrationResponseSchema } from "./passkey-schemas";
import { relyingParty } from "./relying-party.server";
import { suggestPasskeyName } from "./suggest-passkey-name";

export const FinishPasskeyRegistrationSchema = z.object({
  challengeId: ChallengeIdSchema,
  name: PasskeyNameSchema.optional(),
  response: RegistrationResponseSchema,
});

export interface RegisteredPasskey {
  id: string;
  name: string;
}

/** Verifies the authenticator's answer and stores the new passkey; the owner is told by e-mail. */
export async function finishPasskeyRegistration(
  options: {
    session: { userId: string; createdAt: Date; reauthenticatedAt: Date | null };
    input: z.input<typeof FinishPasskeyRegistrationSchema>;
    request: RequestContext;
  },
  db: Database = getDatabase(),
): Promise<RegisteredPasskey> {
  const input = FinishPasskeyRegistrationSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const userId = options.session.userId;
  // Taken first, so even a refused attempt uses the challenge up.
  const expectedChallenge = await takeChallenge(db, { id: input.challengeId, purpose: "registration", userId, now });
  if (!isRecentlyAuthenticated(options.session, now)) throw new AppError("reauthentication_required");
  if (!expectedChallenge) throw new AppError("invalid_input", "challenge missing, expired or used");

  const rp = relyingParty();
  const verification = await (await webAuthnLibrary()).verifyRegistrationResponse({
    response: input.response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) throw new AppError("invalid_input", "registration response not verified");
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  if (await db.passkey.findUnique({ where: { id: credential.id }, select: { id: true } })) {
    throw new AppError("invalid_input", "credential already registered");
  }

  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const name = input.name ?? suggestPasskeyName(options.request.userAgent);
  await db.$transaction(async (tx) => {
    await tx.passkey.create({
      data: {
        id: credential.id,
        userId,
        publicKey: credential.publicKey,
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name,
        createdAt: now,
      },
    });
    await recordAuditEvent(
      tx,
      { type: "auth.factor_changed", outcome: "success", detail: { factor: "passkey", change: "added", credentialName: name } },
      { actorUserId: userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
  await notifyFactorChange(user, "passkey_added", now);
  return { id: credential.id, name };
}
