import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { recordAuditEvent } from "../../kernel/index.server";
import { isStaffRole, rolesOf } from "../../authz";
import { completeSignIn, type CompletedSignIn } from "../complete-sign-in.server";
import { notifyNewDevice } from "../notify-new-device.server";
import type { RequestContext } from "../../kernel/index";
import { accountKeyOf, beginSignInAttempt } from "../sign-in-rate-limit.server";
import { takeChallenge } from "./passkey-challenge.server";
import { AuthenticationResponseSchema, ChallengeIdSchema } from "./passkey-schemas";
import { recordPasskeyFailure, unknownPasskeyAccountKey, type PasskeyFailureReason } from "./record-passkey-failure.server";
import { recordPasskeyUse, verifyPasskeyAssertion } from "./verify-passkey-assertion.server";

export const FinishPasskeyAuthenticationSchema = z.object({
  challengeId: ChallengeIdSchema,
  response: AuthenticationResponseSchema,
});

/** Unknown credential, bad signature, counter gone backwards and disabled account all look the same outside. */
export type PasskeySignInResult =
  | ({ ok: true } & CompletedSignIn)
  | { ok: false; reason: "passkey_invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

class CounterRaceLost extends Error {}

/**
 * Signs in with a discoverable passkey. The authenticator verified the person (PIN or biometrics) on a device
 * they hold, which is two factors, so staff sessions start with the second factor already passed.
 */
export async function finishPasskeyAuthentication(
  options: { input: z.input<typeof FinishPasskeyAuthenticationSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<PasskeySignInResult> {
  const input = FinishPasskeyAuthenticationSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const request = { ...options.request, now };
  const expectedChallenge = await takeChallenge(db, { id: input.challengeId, purpose: "authentication", userId: null, now });
  const passkey = await db.passkey.findUnique({ where: { id: input.response.id }, include: { user: true } });
  const user = passkey?.user ?? null;
  const accountKey = user ? accountKeyOf(user.email) : unknownPasskeyAccountKey;
  const fail = async (reason: Exclude<PasskeyFailureReason, "rate_limited">): Promise<PasskeySignInResult> => {
    await recordPasskeyFailure(db, { userId: user?.id ?? null, reason, request, now });
    return { ok: false, reason: "passkey_invalid" };
  };

  const gate = await beginSignInAttempt(db, { accountKey, userId: user?.id, ipAddress: request.ipAddress, deviceToken: request.deviceToken });
  if (!gate.allowed) {
    await recordPasskeyFailure(db, { userId: user?.id ?? null, reason: "rate_limited", request, now });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }
  if (!expectedChallenge || !passkey || !user) return fail("passkey_invalid");
  const assertion = await verifyPasskeyAssertion(passkey, input.response, expectedChallenge);
  if (!assertion) return fail("passkey_invalid");
  if (user.disabledAt) return fail("account_disabled");

  let completed: CompletedSignIn;
  try {
    completed = await db.$transaction(async (tx) => {
      if (!(await recordPasskeyUse(tx, passkey, assertion, now))) throw new CounterRaceLost();
      const signedIn = await completeSignIn(tx, { user, method: "passkey", secondFactorSatisfied: true, request });
      if (isStaffRole(rolesOf(user))) {
        await recordAuditEvent(
          tx,
          { type: "auth.second_factor_passed", outcome: "success", detail: { method: "passkey" } },
          { actorUserId: user.id, ipAddress: request.ipAddress, userAgent: request.userAgent },
        );
      }
      return signedIn;
    });
  } catch (error) {
    if (error instanceof CounterRaceLost) return fail("passkey_invalid");
    throw error;
  }
  await gate.succeeded();
  if (completed.notifyNewDevice) await notifyNewDevice(user, request, now);
  return { ok: true, ...completed };
}
