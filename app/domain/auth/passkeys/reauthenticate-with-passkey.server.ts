import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { accountKeyOf, beginSignInAttempt } from "../sign-in-rate-limit.server";
import { takeChallenge } from "./passkey-challenge.server";
import { AuthenticationResponseSchema, ChallengeIdSchema } from "./passkey-schemas";
import { recordPasskeyFailure, type PasskeyFailureReason } from "./record-passkey-failure.server";
import { recordPasskeyUse, verifyPasskeyAssertion } from "./verify-passkey-assertion.server";

export const ReauthenticateWithPasskeySchema = z.object({
  challengeId: ChallengeIdSchema,
  response: AuthenticationResponseSchema,
});

/** Proves again who is at the keyboard with one of this account's passkeys, before a factor changes. */
export async function reauthenticateWithPasskey(
  options: { session: { id: string; userId: string }; input: z.input<typeof ReauthenticateWithPasskeySchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ ok: true } | { ok: false; reason: "passkey_invalid" } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number }> {
  const input = ReauthenticateWithPasskeySchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const userId = options.session.userId;
  const expectedChallenge = await takeChallenge(db, { id: input.challengeId, purpose: "reauthentication", userId, now });
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const accountKey = accountKeyOf(user.email);
  const fail = async (reason: Exclude<PasskeyFailureReason, "rate_limited">) => {
    await recordPasskeyFailure(db, { userId, reason, request: options.request, now });
    return { ok: false as const, reason: "passkey_invalid" as const };
  };

  const gate = await beginSignInAttempt(db, { accountKey, userId, ipAddress: options.request.ipAddress, deviceToken: options.request.deviceToken });
  if (!gate.allowed) {
    await recordPasskeyFailure(db, { userId, reason: "rate_limited", request: options.request, now });
    return { ok: false as const, reason: "rate_limited" as const, retryAfterSeconds: gate.retryAfterSeconds };
  }
  const passkey = await db.passkey.findFirst({ where: { id: input.response.id, userId } });
  if (!expectedChallenge || !passkey) return fail("passkey_invalid");
  const assertion = await verifyPasskeyAssertion(passkey, input.response, expectedChallenge);
  if (!assertion) return fail("passkey_invalid");

  const used = await db.$transaction(async (tx) => {
    if (!(await recordPasskeyUse(tx, passkey, assertion, now))) return false;
    await tx.session.update({ where: { id: options.session.id }, data: { reauthenticatedAt: now } });
    await recordAuditEvent(
      tx,
      { type: "auth.reauthenticated", outcome: "success", detail: { method: "passkey" } },
      { actorUserId: userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return true;
  });
  if (!used) return fail("passkey_invalid");
  await gate.succeeded();
  return { ok: true };
}
