import { readRows, type Database, type NamedStatement } from "../../db.server";
import { supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import type { ReaderAudience } from "./update-audiences";
import { readerAudienceRowsSql } from "./reader-audience.server";
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

const columns = `u."id"::text AS "id", u."publishAt", u."publishedVersion", r."readAt"`;
const from = `"ProgrammeUpdate" u
      JOIN "ProgrammeUpdateVersion" v ON v."updateId" = u."id" AND v."number" = u."publishedVersion"
      LEFT JOIN "UpdateRead" r ON r."updateId" = u."id" AND r."userId" = $1::uuid`;
const order = `ORDER BY u."publishAt" DESC, u."id" DESC`;

/**
 * Two statements per language (the title's column), each prepared once per pooled connection: for an audience given
 * as parameters (the public, tests), and for a signed-in account's own audience, read inside the same statement by
 * the one definition of it (reader-audience.server.ts) instead of a round trip before.
 */
const readerListStatements = Object.fromEntries(
  supportedLanguages.map((language) => {
    const title = `v."${updateTextColumns[language].title}" AS "title"`;
    const given: NamedStatement = {
      name: `tsunagi-reader-updates-${language}`,
      text: `SELECT ${columns}, ${title}
      FROM ${from}
     WHERE ${visibleUpdatesWhereText({ now: "$2", participants: "$3", families: "$4" })}
     ${order} LIMIT $5::int OFFSET $6::int`,
    };
    const account: NamedStatement = {
      name: `tsunagi-reader-updates-account-${language}`,
      text: `WITH audience AS (${readerAudienceRowsSql}),
      reach AS (SELECT (SELECT array_agg(area) FROM audience WHERE kind = 'participant') AS "participants",
                       (SELECT array_agg(area) FROM audience WHERE kind = 'family') AS "families")
    SELECT ${columns}, ${title}
      FROM reach, ${from}
     WHERE ${visibleUpdatesWhereText({ now: "$2", participants: 'reach."participants"', families: 'reach."families"' })}
     ${order} LIMIT $3::int OFFSET $4::int`,
    };
    return [language, { given, account }];
  }),
) as Record<SupportedLanguage, { given: NamedStatement; account: NamedStatement }>;

/**
 * The updates a reader may see (ADR 038), newest first, a page at a time, in their language, with an unread marker
 * for a signed-in reader; the audience given, or "of-account": the signed-in reader's own, read in the same statement.
 * One named statement on the plain pool (ADR 080): the audience rule in SQL
 * (visible-updates-sql.server.ts), the current version's title by the (updateId, number) key, and the reader's read
 * marker by its primary key (none for a reader without an account: NULL matches no row).
 */
export async function listReaderUpdates(
  options:
    | { audience: ReaderAudience; userId: string | null; language: SupportedLanguage; page: number; now?: Date }
    | { audience: "of-account"; userId: string; language: SupportedLanguage; page: number; now?: Date },
  db?: Database,
): Promise<ReaderUpdatePage> {
  const page = Math.max(1, Math.min(10_000, Math.floor(options.page)));
  const now = options.now ?? new Date();
  const statements = readerListStatements[options.language];
  const window = [readerPageSize + 1, (page - 1) * readerPageSize];
  const rows = await readRows<{ id: string; title: string; publishAt: Date; publishedVersion: number; readAt: Date | null }>(
    options.audience === "of-account" ? statements.account : statements.given,
    options.audience === "of-account" ? [options.userId, now, ...window] : [options.userId, now, ...visibleUpdatesValues(options.audience), ...window],
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
