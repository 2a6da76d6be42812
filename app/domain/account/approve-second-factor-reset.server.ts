import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { isStaffRole, rolesOf } from "../authz";
import { enqueueMail } from "../mail/index.server";
import { AccountRefusal } from "./account-refusal";
import { ResetIdSchema, resetRequestLifetimeMs } from "./account-schemas";

/**
 * The second administrator approves a pending reset (issue 15; ADR 042): in one transaction the request is marked
 * approved by compare-and-set (pending, not expired), and the person's TOTP key, recovery codes and passkeys are
 * removed, every session of theirs ended, the change audited and a mail queued telling them, in their language, to
 * enrol a new factor when they next sign in. Two approvals at once apply once. The requester approving their own
 * request, or the person approving their own reset, is refused and the refusal recorded.
 */
export async function approveSecondFactorReset(
  options: { actorUserId: string; input: z.input<typeof ResetIdSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const { resetId } = ResetIdSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const audit = { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  const reset = await db.secondFactorReset.findUnique({ where: { id: resetId } });
  if (!reset) throw new AppError("not_found");
  const refusal = reset.requestedById === options.actorUserId ? "own_request" : reset.targetUserId === options.actorUserId ? "own_reset" : null;
  if (refusal) {
    await recordAuditEvent(db, { type: "second_factor_reset.refused", outcome: "denied", detail: { resetId, refusal } }, { ...audit, subjectUserId: reset.targetUserId });
    throw new AccountRefusal(refusal);
  }

  await db.$transaction(async (tx) => {
    const { count } = await tx.secondFactorReset.updateMany({
      where: { id: resetId, approvedAt: null, cancelledAt: null, requestedAt: { gt: new Date(now.getTime() - resetRequestLifetimeMs) } },
      data: { approvedById: options.actorUserId, approvedAt: now },
    });
    if (count === 0) {
      const expired = !reset.approvedAt && !reset.cancelledAt && reset.requestedAt.getTime() <= now.getTime() - resetRequestLifetimeMs;
      throw new AccountRefusal(expired ? "reset_expired" : "reset_not_pending");
    }
    const user = await tx.user.findUniqueOrThrow({
      where: { id: reset.targetUserId },
      select: { id: true, email: true, role: true, additionalRoles: true, preferredLanguage: true, totpEnabledAt: true },
    });
    await tx.user.update({ where: { id: user.id }, data: { totpSecretCipher: null, totpEnabledAt: null, totpLastUsedStep: null } });
    const recoveryCodes = await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    const passkeys = await tx.passkey.deleteMany({ where: { userId: user.id } });
    const sessions = await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAuditEvent(
      tx,
      {
        type: "second_factor_reset.approved",
        outcome: "success",
        detail: {
          resetId,
          requestedById: reset.requestedById,
          totpRemoved: user.totpEnabledAt !== null,
          recoveryCodesRemoved: recoveryCodes.count,
          passkeysRemoved: passkeys.count,
          sessionsEnded: sessions.count,
        },
      },
      { ...audit, subjectUserId: user.id },
    );
    await enqueueMail(
      {
        to: user.email,
        userId: user.id,
        language: fromStoredLanguage(user.preferredLanguage),
        template: "second-factor-reset",
        props: { occurredAt: now, secondFactorRequired: isStaffRole(rolesOf(user)) },
      },
      tx,
    );
  });
}
