import type { Database, Transaction } from "../../../db.server";

/** The day staff ask a version's re-consent by (ISO, a calendar day in Japan), or null when none was set (ADR 120). */
export async function reconsentDeadlineOf(formVersionId: string, db: Database | Transaction): Promise<string | null> {
  const row = await db.reconsentDeadline.findUnique({ where: { formVersionId }, select: { deadline: true } });
  return row ? row.deadline.toISOString().slice(0, 10) : null;
}
