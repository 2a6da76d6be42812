import { readRows, type Database, type NamedStatement, type Transaction } from "../../db.server";
import type { ProgrammeArea, ReaderAudience } from "./update-audiences";

/**
 * The reader's audience as rows (kind, area) of the account `$1`: the one definition, run alone (readerAudienceOf) or
 * inside the reader list's statement (list-reader-updates.server.ts), which saves the page a round trip.
 */
export const readerAudienceRowsSql = `SELECT 'participant' AS kind, p."programmeArea"::text AS area FROM "Participant" p WHERE p."userId" = $1::uuid
    UNION
    SELECT 'participant', p."programmeArea"::text FROM "ProxyAssignment" a JOIN "Participant" p ON p."id" = a."participantId"
     WHERE a."proxyUserId" = $1::uuid AND a."endedAt" IS NULL
    UNION
    SELECT 'family', p."programmeArea"::text FROM "FamilyAccess" f JOIN "Participant" p ON p."id" = f."participantId"
     WHERE f."familyUserId" = $1::uuid AND f."endedAt" IS NULL AND f."pausedAt" IS NULL`;

const audienceStatement: NamedStatement = { name: "tsunagi-reader-audience", text: readerAudienceRowsSql };

/**
 * The audience a signed-in reader belongs to (ADR 038), read on each request so that a family access ended or
 * paused, or a proxy assignment that ended, changes what they see on their very next page: participants' updates for
 * their own area and those of the people they represent; families' updates for the areas of the participants they
 * follow through a live access (not ended, not paused at the transfer at majority). On the plain pool unless a client
 * is given.
 */
export async function readerAudienceOf(userId: string, db?: Database | Transaction): Promise<ReaderAudience> {
  const rows = await readRows<{ kind: "participant" | "family"; area: ProgrammeArea | null }>(audienceStatement, [userId], db);
  return {
    participantAreas: new Set(rows.filter((row) => row.kind === "participant").map((row) => row.area)),
    familyAreas: new Set(rows.filter((row) => row.kind === "family").map((row) => row.area)),
  };
}
