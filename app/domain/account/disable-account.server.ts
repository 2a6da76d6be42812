import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { endOtherSessions } from "../session/index.server";
import { lockAdminRoster, refuseIfLastAdmin } from "./admin-roster.server";

/**
 * Disables an account and ends all of its sessions in the same transaction. Never one's own, and never the last
 * active administrator (ADR 042): checked under the admin roster's lock with the write.
 */
export async function disableAccount(
  options: { actorUserId: string; userId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  if (options.actorUserId === options.userId) throw new AppError("forbidden");
  const now = options.request.now ?? new Date();
  const context = { actorUserId: options.actorUserId, subjectUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  await db.$transaction(async (tx) => {
    await lockAdminRoster(tx);
    await refuseIfLastAdmin(tx, options.userId);
    const { count } = await tx.user.updateMany({ where: { id: options.userId, disabledAt: null }, data: { disabledAt: now } });
    if (count === 0) throw new AppError("not_found");
    await recordAuditEvent(tx, { type: "account.disabled", outcome: "success", detail: {} }, context);
    await endOtherSessions(tx, { userId: options.userId, reason: "account_disabled", context });
  });
}
