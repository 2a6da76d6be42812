import { getDatabase, type Database } from "../../db.server";
import { contactCheckSchema, type ContactCheck } from "./contact-check";

/**
 * Whom a queued message is for and what must still hold when a contact about it leaves: for a prompt that rides on
 * it (a Web Push, ADR 110), which asks the same send-time questions as the mail. `contactCheck` is null when the
 * message has none, "unreadable" when the stored one no longer parses (doubt never contacts).
 */
export async function readMailContact(
  mailMessageId: string,
  db: Database = getDatabase(),
): Promise<{ userId: string | null; participantId: string | null; contactCheck: ContactCheck | null | "unreadable" } | null> {
  const row = await db.mailMessage.findUnique({ where: { id: mailMessageId }, select: { userId: true, participantId: true, contactCheck: true } });
  if (!row) return null;
  if (row.contactCheck === null) return { userId: row.userId, participantId: row.participantId, contactCheck: null };
  const check = contactCheckSchema.safeParse(row.contactCheck);
  return { userId: row.userId, participantId: row.participantId, contactCheck: check.success ? check.data : "unreadable" };
}
