import { Prisma } from "../../generated/prisma/client";
import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import type { ReaderAudience } from "./update-audiences";
import { textColumn, visibleUpdatesWhere } from "./visible-updates-sql.server";

export const readerPageSize = 20;

export interface ReaderUpdateItem {
  id: string;
  title: string;
  publishAt: Date;
  /** Corrected since it was first published (readers are told, and the update's page shows what changed). */
  corrected: boolean;
  /** Null for a reader without an account (the public page): nothing to mark. */
  unread: boolean | null;
}

export interface ReaderUpdatePage {
  items: ReaderUpdateItem[];
  page: number;
  hasNext: boolean;
  unreadOnPage: number;
}

/**
 * The updates a reader may see (ADR 038), newest first, a page at a time, in their language, with an unread marker
 * for a signed-in reader. One statement: the audience rule in SQL (visible-updates-sql.server.ts), the current
 * version's title by the (updateId, number) key, and the reader's read marker by its primary key.
 */
export async function listReaderUpdates(
  options: { audience: ReaderAudience; userId: string | null; language: SupportedLanguage; page: number; now?: Date },
  db: Database = getDatabase(),
): Promise<ReaderUpdatePage> {
  const page = Math.max(1, Math.min(10_000, Math.floor(options.page)));
  const now = options.now ?? new Date();
  const readJoin = options.userId
    ? Prisma.sql`LEFT JOIN "UpdateRead" r ON r."updateId" = u."id" AND r."userId" = ${options.userId}::uuid`
    : Prisma.sql`LEFT JOIN (SELECT NULL::uuid AS "updateId", NULL::timestamptz AS "readAt") r ON FALSE`;
  const rows = await db.$queryRaw<{ id: string; title: string; publishAt: Date; publishedVersion: number; readAt: Date | null }[]>`
    SELECT u."id", ${textColumn("v", options.language, "title")} AS "title", u."publishAt", u."publishedVersion", r."readAt"
      FROM "ProgrammeUpdate" u
      JOIN "ProgrammeUpdateVersion" v ON v."updateId" = u."id" AND v."number" = u."publishedVersion"
      ${readJoin}
     WHERE ${visibleUpdatesWhere(options.audience, now)}
     ORDER BY u."publishAt" DESC, u."id" DESC
     LIMIT ${readerPageSize + 1} OFFSET ${(page - 1) * readerPageSize}`;
  const items = rows.slice(0, readerPageSize).map((row) => ({
    id: row.id,
    title: row.title,
    publishAt: row.publishAt,
    corrected: row.publishedVersion > 1,
    unread: options.userId ? row.readAt === null : null,
  }));
  return { items, page, hasNext: rows.length > readerPageSize, unreadOnPage: items.filter((item) => item.unread === true).length };
}
