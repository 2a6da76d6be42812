import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";

/** The audit log holds addresses and user agents, so reading it is itself logged. */
export async function listAuditEvents(options: { reader: AuditContext; limit?: number; userId?: string }, db: Database = getDatabase()) {
  const rows = await db.auditEvent.findMany({
    where: options.userId ? { OR: [{ actorUserId: options.userId }, { subjectUserId: options.userId }] } : {},
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 100, 500),
  });
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "audit_log", purpose: "security_review", rows: rows.length } },
    { ...options.reader, subjectUserId: options.userId ?? null },
  );
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
