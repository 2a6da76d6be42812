import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { isStaffRole, rolesOf } from "../authz";
import { notifyFactorChange } from "./notify-factor-change.server";
import { isRecentlyAuthenticated } from "./recent-authentication";
import type { RequestContext } from "../kernel/index";

/** Participants may turn TOTP off again; staff may not, the second factor is mandatory for them. */
export async function removeTotp(
  options: { session: { userId: string; createdAt: Date; reauthenticatedAt: Date | null }; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = options.request.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { id: options.session.userId } });
  if (isStaffRole(rolesOf(user))) throw new AppError("second_factor_required_for_staff");
  if (!isRecentlyAuthenticated(options.session, now)) throw new AppError("reauthentication_required");
  if (!user.totpEnabledAt) return;
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpSecretCipher: null, totpEnabledAt: null, totpLastUsedStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordAuditEvent(
      tx,
      { type: "auth.factor_changed", outcome: "success", detail: { factor: "totp", change: "removed" } },
      { actorUserId: user.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
  await notifyFactorChange(user, "totp_removed", now);
}
