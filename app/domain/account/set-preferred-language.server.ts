import { getDatabase, type Database } from "../../db.server";
import { toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";

/** Remembers the language for mail we send later (consent copies, notices), not just for this browser. */
export async function setPreferredLanguage(userId: string, language: SupportedLanguage, db: Database = getDatabase()): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { preferredLanguage: toStoredLanguage(language) } });
}
