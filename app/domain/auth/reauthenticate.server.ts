import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { sixDigitCodeSchema } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { verifyPassword } from "./password.server";
import type { RequestContext } from "../kernel/index";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, beginSignInAttempt } from "./sign-in-rate-limit.server";
import { checkSecondFactor } from "./verify-second-factor.server";
import { mayProveByMail, spendProofCode } from "./proof-code.server";

export const ReauthenticateSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("password"), password: z.string().min(1).max(1024) }),
  z.object({ method: z.literal("totp"), code: sixDigitCodeSchema() }),
  // The code mailed by sendProofCode, for those who sign in by link (ADR 141).
  z.object({ method: z.literal("mail_code"), code: sixDigitCodeSchema() }),
]);

/**
 * Proves again who is at the keyboard before what matters (a sign-in factor, a consent, a withdrawal, a results report,
 * contact details: ADR 141) — a stolen unlocked phone, a shared PC.
 */
export async function reauthenticate(
  options: { sessionId: string; userId: string; input: z.infer<typeof ReauthenticateSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ ok: true } | { ok: false; reason: "wrong_password" | "wrong_code" } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number }> {
  const input = ReauthenticateSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId } });
  const context = { actorUserId: user.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };

  if (input.method === "password") {
    const accountKey = accountKeyOf(user.email);
    const gate = await beginSignInAttempt(db, { accountKey, userId: user.id, ipAddress: options.request.ipAddress, deviceToken: options.request.deviceToken });
    if (!gate.allowed) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "password", reason: "rate_limited" }, request: options.request, now });
      return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
    }
    if (!(await verifyPassword(user.passwordHash, input.password))) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "password", reason: "bad_credentials" }, request: options.request, now });
      return { ok: false, reason: "wrong_password" };
    }
    await gate.succeeded();
  } else if (input.method === "totp") {
    const result = await checkSecondFactor(db, { userId: user.id, input: { method: "totp", code: input.code }, request: options.request });
    if (!result.ok) return result;
  } else {
    // Counted by the sign-in limits like any other code, before the code is looked at.
    const gate = await beginSignInAttempt(db, { accountKey: accountKeyOf(user.email), userId: user.id, ipAddress: options.request.ipAddress, deviceToken: options.request.deviceToken });
    if (!gate.allowed) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "mail_code", reason: "rate_limited" }, request: options.request, now });
      return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
    }
    if (!mayProveByMail(user) || !(await spendProofCode(db, { sessionId: options.sessionId, code: input.code, now }))) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "mail_code", reason: "second_factor_wrong" }, request: options.request, now });
      return { ok: false, reason: "wrong_code" };
    }
    await gate.succeeded();
  }

  await db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: options.sessionId }, data: { reauthenticatedAt: now } });
    await recordAuditEvent(tx, { type: "auth.reauthenticated", outcome: "success", detail: { method: input.method } }, context);
  });
  return { ok: true };
}
