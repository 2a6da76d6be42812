import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { notifyFactorChange } from "./notify-factor-change.server";
import { isRecentlyAuthenticated } from "./recent-authentication";
import { replaceRecoveryCodes } from "./recovery-codes.server";
import type { RequestContext } from "../kernel/index";

export async function regenerateRecoveryCodes(
  options: { session: { userId: string; createdAt: Date; reauthenticatedAt: Date | null }; request: RequestContext },
  db: Database = getDatabase(),
): Promise<string[]> {
  const now = options.request.now ?? new Date();
  if (!isRecentlyAuthenticated(options.session, now)) throw new AppError("reauthentication_required");
  const user = await db.user.findUniqueOrThrow({ where: { id: options.session.userId } });
  if (!user.totpEnabledAt) throw new AppError("invalid_input");
  const codes = await db.$transaction(async (tx) => {
    const fresh = await replaceRecoveryCodes(tx, user.id);
    await recordAuditEvent(
      tx,
      { type: "auth.factor_changed", outcome: "success", detail: { factor: "recovery_codes", change: "regenerated" } },
      { actorUserId: user.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return fresh;
  });
  await notifyFactorChange(user, "recovery_codes_regenerated", now);
  return codes;
}
