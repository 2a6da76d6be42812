import { readRows, type Database, type NamedStatement } from "../../db.server";
import { readerAudienceRowsSql } from "./reader-audience.server";
import { visibleUpdatesWhereText } from "./visible-updates-sql.server";

/**
 * How many updates the account `$1` may see at `$2` and has not opened, and when the newest came out: its audience read
 * in the same statement (as the reader list reads it, list-reader-updates.server.ts), so home asks once (ADR 157).
 */
const unreadUpdatesStatement: NamedStatement = {
  name: "tsunagi-unread-updates",
  text: `WITH audience AS (${readerAudienceRowsSql}),
    reach AS (SELECT (SELECT array_agg(area) FROM audience WHERE kind = 'participant') AS "participants",
                     (SELECT array_agg(area) FROM audience WHERE kind = 'family') AS "families")
    SELECT count(*)::int AS "unread", max(u."publishAt") AS "newest"
      FROM reach, "ProgrammeUpdate" u
      LEFT JOIN "UpdateRead" r ON r."updateId" = u."id" AND r."userId" = $1::uuid
     WHERE ${visibleUpdatesWhereText({ now: "$2", participants: 'reach."participants"', families: 'reach."families"' })} AND r."updateId" IS NULL`,
};

/** The unread updates of a signed-in reader; on the plain pool unless a client is given. */
export async function countUnreadUpdates(userId: string, now: Date, db?: Database): Promise<{ unread: number; newest: Date | null }> {
  const [row] = await readRows<{ unread: number; newest: Date | null }>(unreadUpdatesStatement, [userId, now], db);
  return row ?? { unread: 0, newest: null };
}
