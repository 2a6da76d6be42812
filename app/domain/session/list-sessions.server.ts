import { getDatabase, type Database } from "../../db.server";

export interface SessionSummary {
  idPrefix: string;
  id: string;
  current: boolean;
  createdAt: Date;
  lastActiveAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

/** The user's own sessions, newest activity first; the secret hash never leaves the database. */
export async function listSessions(userId: string, currentSessionId: string, db: Database = getDatabase()): Promise<SessionSummary[]> {
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastActiveAt: "desc" },
    select: { id: true, createdAt: true, lastActiveAt: true, ipAddress: true, userAgent: true },
  });
  return rows.map((row) => ({ ...row, idPrefix: row.id.slice(0, 6), current: row.id === currentSessionId }));
}
