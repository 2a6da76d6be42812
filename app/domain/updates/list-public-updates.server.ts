import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { publicAudience } from "./update-audiences";
import { textColumn, visibleUpdatesWhere } from "./visible-updates-sql.server";

export interface PublicFeedEntry {
  id: string;
  title: string;
  body: string;
  publishAt: Date;
  /** When its current version was published: a correction moves it. */
  updatedAt: Date;
}

/** The newest public updates in one language, for the Atom feed (ADR 038): what the public page shows, nothing more. */
export async function listPublicUpdates(options: { language: SupportedLanguage; limit?: number; now?: Date }, db: Database = getDatabase()): Promise<PublicFeedEntry[]> {
  const now = options.now ?? new Date();
  return db.$queryRaw<PublicFeedEntry[]>`
    SELECT u."id", ${textColumn("v", options.language, "title")} AS "title", ${textColumn("v", options.language, "body")} AS "body",
           u."publishAt", GREATEST(u."publishAt", v."publishedAt") AS "updatedAt"
      FROM "ProgrammeUpdate" u
      JOIN "ProgrammeUpdateVersion" v ON v."updateId" = u."id" AND v."number" = u."publishedVersion"
     WHERE ${visibleUpdatesWhere(publicAudience, now)}
     ORDER BY u."publishAt" DESC, u."id" DESC
     LIMIT ${Math.min(100, options.limit ?? 50)}`;
}
