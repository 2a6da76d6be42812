import { Prisma } from "../../generated/prisma/client";
import { getDatabase, type Database } from "../../db.server";
import type { ProgrammeArea, UpdateAudience } from "./update-audiences";

export interface UpdateReach {
  /** Accounts that will find it on their updates page: participants and proxies, and family members. */
  accounts: number;
  /** Also on the public page and feeds, for anyone. */
  public: boolean;
}

/**
 * How many accounts an update reaches if published now (issue 29 item 6: the person who publishes confirms the count).
 * The same membership as readerAudienceOf (a participant's own account and current proxies for participants; family
 * members through a live access) and the same rule as updateVisibleTo (an area reaches only that area's people, never
 * those whose area was not recorded); programme-update-reach.test.ts holds the count to the two, account by account.
 */
export async function countUpdateReaders(update: { audiences: readonly UpdateAudience[]; programmeArea: ProgrammeArea | null }, db: Database = getDatabase()): Promise<UpdateReach> {
  const area = update.programmeArea;
  const inArea = area === null ? Prisma.sql`TRUE` : Prisma.sql`r."area" = ${area}`;
  const kinds = [update.audiences.includes("participants") ? "participant" : null, update.audiences.includes("families") ? "family" : null].filter((kind) => kind !== null);
  if (kinds.length === 0) return { accounts: 0, public: update.audiences.includes("public") };
  const [row] = await db.$queryRaw<{ accounts: number }[]>`
    WITH readers AS (
      SELECT p."userId" AS "userId", 'participant' AS kind, p."programmeArea"::text AS area FROM "Participant" p WHERE p."userId" IS NOT NULL
      UNION
      SELECT a."proxyUserId", 'participant', p."programmeArea"::text FROM "ProxyAssignment" a JOIN "Participant" p ON p."id" = a."participantId"
       WHERE a."endedAt" IS NULL AND a."proxyUserId" IS NOT NULL
      UNION
      SELECT f."familyUserId", 'family', p."programmeArea"::text FROM "FamilyAccess" f JOIN "Participant" p ON p."id" = f."participantId"
       WHERE f."endedAt" IS NULL AND f."pausedAt" IS NULL
    )
    SELECT count(DISTINCT r."userId")::int AS "accounts" FROM readers r WHERE r."kind" = ANY(${kinds}::text[]) AND ${inArea}`;
  return { accounts: row?.accounts ?? 0, public: update.audiences.includes("public") };
}
