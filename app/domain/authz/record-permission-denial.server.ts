import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";

export async function recordPermissionDenial(
  options: { permission: string; path: string; context: AuditContext },
  db: Database = getDatabase(),
): Promise<void> {
  await recordAuditEvent(db, { type: "authz.permission_denied", outcome: "denied", detail: { permission: options.permission, path: options.path } }, options.context);
}
