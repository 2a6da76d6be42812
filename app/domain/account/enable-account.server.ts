import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { AccountRefusal } from "./account-refusal";

/**
 * Re-enables a disabled account (ADR 042). The person signs in again with the factors they had; their sessions
 * were ended when the account was disabled. One compare-and-set: two clicks enable it once, audited once.
 */
export async function enableAccount(
  options: { actorUserId: string; userId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const context = { actorUserId: options.actorUserId, subjectUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: options.userId, disabledAt: { not: null } }, data: { disabledAt: null } });
    if (count === 0) {
      const exists = await tx.user.findUnique({ where: { id: options.userId }, select: { id: true } });
      throw exists ? new AccountRefusal("not_disabled") : new AppError("not_found");
    }
    await recordAuditEvent(tx, { type: "account.enabled", outcome: "success", detail: {} }, context);
  });
}
