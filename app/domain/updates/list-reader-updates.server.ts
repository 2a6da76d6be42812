import { readRows, type Database, type NamedStatement } from "../../db.server";
import { supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import type { ReaderAudience } from "./update-audiences";
import { updateTextColumns } from "./update-languages";
import { visibleUpdatesValues, visibleUpdatesWhereText } from "./visible-updates-sql.server";

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

/** One statement per language (the title's column), prepared once per pooled connection. */
const readerListStatements = Object.fromEntries(
  supportedLanguages.map((language) => [
    language,
    {
      name: `tsunagi-reader-updates-${language}`,
      text: `SELECT u."id"::text AS "id", v."${updateTextColumns[language].title}" AS "title", u."publishAt", u."publishedVersion", r."readAt"
      FROM "ProgrammeUpdate" u
      JOIN "ProgrammeUpdateVersion" v ON v."updateId" = u."id" AND v."number" = u."publishedVersion"
      LEFT JOIN "UpdateRead" r ON r."updateId" = u."id" AND r."userId" = $1::uuid
     WHERE ${visibleUpdatesWhereText({ now: 2, participants: 3, families: 4 })}
     ORDER BY u."publishAt" DESC, u."id" DESC
     LIMIT $5::int OFFSET $6::int`,
    },
  ]),
) as Record<SupportedLanguage, NamedStatement>;

/**
 * The updates a reader may see (ADR 038), newest first, a page at a time, in their language, with an unread marker
 * for a signed-in reader. One named statement on the plain pool (ADR 080): the audience rule in SQL
 * (visible-updates-sql.server.ts), the current version's title by the (updateId, number) key, and the reader's read
 * marker by its primary key (none for a reader without an account: NULL matches no row).
 */
export async function listReaderUpdates(
  options: { audience: ReaderAudience; userId: string | null; language: SupportedLanguage; page: number; now?: Date },
  db?: Database,
): Promise<ReaderUpdatePage> {
  const page = Math.max(1, Math.min(10_000, Math.floor(options.page)));
  const now = options.now ?? new Date();
  const rows = await readRows<{ id: string; title: string; publishAt: Date; publishedVersion: number; readAt: Date | null }>(
    readerListStatements[options.language],
    [options.userId, now, ...visibleUpdatesValues(options.audience), readerPageSize + 1, (page - 1) * readerPageSize],
    db,
  );
  const items = rows.slice(0, readerPageSize).map((row) => ({
    id: row.id,
    title: row.title,
    publishAt: row.publishAt,
    corrected: row.publishedVersion > 1,
    unread: options.userId ? row.readAt === null : null,
  }));
  return { items, page, hasNext: rows.length > readerPageSize, unreadOnPage: items.filter((item) => item.unread === true).length };
}
