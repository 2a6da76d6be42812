import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { endOtherSessions } from "../session/index.server";
import { hashPassword, verifyPassword } from "./password.server";
import { isRecentlyAuthenticated } from "./recent-authentication";
import type { RequestContext } from "../kernel/index";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, beginSignInAttempt } from "./sign-in-rate-limit.server";

/** NIST 800-63B: length over composition rules; 12 characters, any script (Japanese passphrases welcome). */
export const NewPasswordSchema = z.string().min(12).max(128);

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().max(1024).optional(),
    newPassword: NewPasswordSchema,
    confirmPassword: z.string().max(128),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ["confirmPassword"], message: "mismatch" });

/**
 * Sets a new password and ends every other session: whoever knew the old password is signed out at once.
 * With a current password the caller proves themselves here; without one, a recent sign-in must do.
 */
export async function changePassword(
  options: { session: { id: string; userId: string; createdAt: Date; reauthenticatedAt: Date | null }; input: z.infer<typeof ChangePasswordSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ endedSessions: number }> {
  const input = ChangePasswordSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { id: options.session.userId } });
  if (user.passwordHash) {
    // Typing the current password is a proof of identity like signing in: someone at an unlocked session must not
    // be able to guess it here without limit (ADR 013).
    const gate = await beginSignInAttempt(db, { accountKey: accountKeyOf(user.email), userId: user.id, ipAddress: options.request.ipAddress, deviceToken: options.request.deviceToken });
    if (!gate.allowed) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "password", reason: "rate_limited" }, request: options.request, now });
      throw new AppError("rate_limited");
    }
    if (!input.currentPassword || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "password", reason: "bad_credentials" }, request: options.request, now });
      throw new AppError("wrong_password");
    }
    await gate.succeeded();
  } else if (!isRecentlyAuthenticated(options.session, now)) {
    throw new AppError("reauthentication_required");
  }
  if (input.newPassword.toLowerCase() === user.email.toLowerCase()) throw new AppError("password_too_weak");
  const passwordHash = await hashPassword(input.newPassword);
  const context = { actorUserId: user.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await recordAuditEvent(tx, { type: "auth.factor_changed", outcome: "success", detail: { factor: "password", change: user.passwordHash ? "changed" : "added" } }, context);
    const endedSessions = await endOtherSessions(tx, { userId: user.id, keepSessionId: options.session.id, reason: "password_changed", context });
    await tx.session.update({ where: { id: options.session.id }, data: { reauthenticatedAt: now } });
    return { endedSessions };
  });
}
