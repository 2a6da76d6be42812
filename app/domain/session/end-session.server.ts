import { getDatabase, type Database, type Transaction } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";

type EndReason = "sign_out" | "expired" | "idle_timeout" | "revoked_by_user";

/** Ends one session on the server; the cookie alone can never bring it back. */
export async function endSession(
  options: { sessionId: string; userId: string; reason: EndReason; context: AuditContext },
  db: Database = getDatabase(),
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: options.sessionId, userId: options.userId } });
    if (count > 0) {
      await recordAuditEvent(
        tx,
        { type: "session.ended", outcome: "success", detail: { reason: options.reason, sessionIdPrefix: options.sessionId.slice(0, 6) } },
        { subjectUserId: options.userId, ...options.context },
      );
    }
    return count > 0;
  });
}

type BulkEndReason = "signed_out_elsewhere" | "password_changed" | "account_disabled";

/** Ends every session of a user except, optionally, the one making the request. */
export async function endOtherSessions(
  tx: Database | Transaction,
  options: { userId: string; keepSessionId?: string; reason: BulkEndReason; context: AuditContext },
): Promise<number> {
  const { count } = await tx.session.deleteMany({
    where: { userId: options.userId, ...(options.keepSessionId ? { id: { not: options.keepSessionId } } : {}) },
  });
  await recordAuditEvent(
    tx,
    { type: "session.ended", outcome: "success", detail: { reason: options.reason, count } },
    { subjectUserId: options.userId, ...options.context },
  );
  return count;
}
