import { getDatabase, type Database } from "../../../db.server";
import { accountContactStillAllowed } from "../../mail/index.server";
import type { ContactCheckVerdict } from "../../mail";

/**
 * The report notice's last question before it leaves (contact-check.ts, `consultation_report`): a participant who
 * answered a consultation and has since withdrawn with a level that stops contact is not told its report is out,
 * nor is an account disabled or gone. The rule is the digest's, without the digest's own switch.
 */
export function reportNoticeStillAllowed(userId: string, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  return accountContactStillAllowed(userId, db);
}
