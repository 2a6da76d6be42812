import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { notifyFactorChange } from "../notify-factor-change.server";
import { isRecentlyAuthenticated } from "../recent-authentication";
import type { RequestContext } from "../../kernel/index";

/**
 * Deletes one of the account's own passkeys. Needs a recent sign-in or re-authentication: someone at an
 * unlocked, signed-in computer must not be able to quietly change how the owner signs in.
 */
export async function removePasskey(
  options: { session: { userId: string; createdAt: Date; reauthenticatedAt: Date | null }; passkeyId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = options.request.now ?? new Date();
  const userId = options.session.userId;
  if (!isRecentlyAuthenticated(options.session, now)) throw new AppError("reauthentication_required");
  const removed = await db.$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: options.passkeyId, userId }, select: { id: true, name: true } });
    if (!passkey) return null;
    // Scoped to the owner in the delete itself too, so a guessed id of someone else's passkey deletes nothing.
    const { count } = await tx.passkey.deleteMany({ where: { id: passkey.id, userId } });
    if (count !== 1) return null;
    await recordAuditEvent(
      tx,
      { type: "auth.factor_changed", outcome: "success", detail: { factor: "passkey", change: "removed", credentialName: passkey.name } },
      { actorUserId: userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return passkey;
  });
  if (!removed) throw new AppError("not_found");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, preferredLanguage: true } });
  await notifyFactorChange(user, "passkey_removed", now);
}
