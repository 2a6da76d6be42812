import { getDatabase, type Database } from "../../db.server";

export async function listAuditEvents(options: { limit?: number; userId?: string } = {}, db: Database = getDatabase()) {
  const rows = await db.auditEvent.findMany({
    where: options.userId ? { OR: [{ actorUserId: options.userId }, { subjectUserId: options.userId }] } : {},
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 100, 500),
  });
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
