import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { endOtherSessions } from "./end-session.server";

/** "Sign out everywhere else": every session of this user but the current one ends now. */
export async function signOutOtherSessions(
  options: { userId: string; currentSessionId: string; context: AuditContext },
  db: Database = getDatabase(),
): Promise<number> {
  return db.$transaction((tx) =>
    endOtherSessions(tx, { userId: options.userId, keepSessionId: options.currentSessionId, reason: "signed_out_elsewhere", context: { actorUserId: options.userId, ...options.context } }),
  );
}
