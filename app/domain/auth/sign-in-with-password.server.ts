import { z } from "zod";
import { emailField } from "../kernel/index";
import { getDatabase, type Database } from "../../db.server";
import { completeSignIn, type CompletedSignIn } from "./complete-sign-in.server";
import { notifyNewDevice } from "./notify-new-device.server";
import { verifyPassword } from "./password.server";
import type { RequestContext } from "../kernel/index";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, beginSignInAttempt } from "./sign-in-rate-limit.server";

export const PasswordSignInSchema = z.object({
  email: emailField(),
  password: z.string().min(1).max(1024),
});

export type PasswordSignInResult =
  | ({ ok: true } & CompletedSignIn)
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Email + password. The answer for an unknown e-mail, a wrong password and a disabled account is the same,
 * and costs the same time, so the form never reveals who has an account.
 */
export async function signInWithPassword(
  input: z.infer<typeof PasswordSignInSchema>,
  request: RequestContext,
  db: Database = getDatabase(),
): Promise<PasswordSignInResult> {
  const { email, password } = PasswordSignInSchema.parse(input);
  const accountKey = accountKeyOf(email);
  const now = request.now ?? new Date();
  const user = await db.user.findUnique({ where: { email: accountKey } });

  const gate = await beginSignInAttempt(db, { accountKey, userId: user?.id, ipAddress: request.ipAddress, deviceToken: request.deviceToken });
  if (!gate.allowed) {
    await recordSignInFailure(db, { userId: user?.id, detail: { method: "password", reason: "rate_limited", attemptedEmail: accountKey }, request, now });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }

  const passwordMatches = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !passwordMatches || user.disabledAt) {
    const reason = user?.disabledAt && passwordMatches ? "account_disabled" : "bad_credentials";
    await recordSignInFailure(db, { userId: user?.id, detail: { method: "password", reason, attemptedEmail: accountKey }, request, now });
    return { ok: false, reason: "invalid_credentials" };
  }

  const completed = await db.$transaction((tx) =>
    completeSignIn(tx, { user, method: "password", secondFactorSatisfied: false, request: { ...request, now } }),
  );
  // A password alone is not the whole proof for staff: their limits are cleared once the second factor passes.
  if (!completed.secondFactorRequired) await gate.succeeded();
  if (completed.notifyNewDevice) await notifyNewDevice(user, request, now);
  return { ok: true, ...completed };
}
