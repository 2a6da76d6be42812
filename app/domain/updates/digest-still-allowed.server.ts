import { getDatabase, type Database } from "../../db.server";
import { accountContactStillAllowed } from "../mail/index.server";
import type { ContactCheckVerdict } from "../mail";

/**
 * The digest's last question before it leaves (contact-check.ts, `update_digest`): is the reader's digest still
 * on, and — for a participant — does their consent still allow contact (accountContactStillAllowed)? So a
 * participant who withdrew with "no further contact" is not mailed even though they once asked for the digest.
 */
export async function digestStillAllowed(userId: string, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  const account = await accountContactStillAllowed(userId, db);
  // A reader gone is told as such, whatever their digest; one switched off as that, before their consent is asked.
  if (!account.allowed && account.reason === "contact_subject_gone") return account;
  const subscription = await db.updateDigestSubscription.findUnique({ where: { userId }, select: { enabled: true } });
  if (!subscription?.enabled) return { allowed: false, reason: "digest_switched_off" };
  return account;
}
