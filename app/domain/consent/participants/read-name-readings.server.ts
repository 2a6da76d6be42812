import { readRows, type Database, type NamedStatement, type Transaction } from "../../../db.server";
import { nameReadingCorrections } from "../../text/index";
import type { ReadingCorrections } from "@tsunagi/furigana-jsx/furigana";

interface NameRow {
  fullName: string;
  fullNameKana: string | null;
}

/**
 * The names user $1's pages speak of: everyone they may act for (their own record, the people they are a current proxy
 * for) and the participants they follow as family, with the readings registered at enrolment (an erased identity keeps
 * none); then, on their own record, their proxies' and family members' names, which have no registered reading.
 */
const namesStatement: NamedStatement = {
  name: "tsunagi-subject-name-readings",
  text: `SELECT i."fullName", CASE WHEN i."erasedAt" IS NULL THEN i."fullNameKana" END AS "fullNameKana", 0 AS "rank"
           FROM "Participant" p JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
          WHERE p."userId" = $1::uuid
         UNION ALL
         SELECT i."fullName", CASE WHEN i."erasedAt" IS NULL THEN i."fullNameKana" END, 1
           FROM "ProxyAssignment" a JOIN "ParticipantIdentity" i ON i."participantId" = a."participantId"
          WHERE a."proxyUserId" = $1::uuid AND a."endedAt" IS NULL
         UNION ALL
         SELECT i."fullName", CASE WHEN i."erasedAt" IS NULL THEN i."fullNameKana" END, 2
           FROM "FamilyAccess" f JOIN "ParticipantIdentity" i ON i."participantId" = f."participantId"
          WHERE f."familyUserId" = $1::uuid AND f."endedAt" IS NULL AND i."erasedAt" IS NULL
         UNION ALL
         SELECT a."fullName", NULL, 3
           FROM "ProxyAssignment" a JOIN "Participant" p ON p."id" = a."participantId"
          WHERE p."userId" = $1::uuid AND a."endedAt" IS NULL
         UNION ALL
         SELECT f."fullName", NULL, 4
           FROM "FamilyAccess" f JOIN "Participant" p ON p."id" = f."participantId"
          WHERE p."userId" = $1::uuid AND f."endedAt" IS NULL
         ORDER BY 3`,
};

/**
 * The readings of the names a signed-in person's pages show (ADR 123): their own and those of the people they act
 * for, as registered, and their account's name — read as their own record's when it is the same name, else plain.
 * The app's root applies them over every page in やさしい日本語, so a greeting, the signature page, the receipt and
 * the family pages read a name as its bearer registered it, never as the dictionary guesses it.
 */
export async function readNameReadings(user: { id: string; displayName: string }, db?: Database | Transaction): Promise<ReadingCorrections> {
  const rows = await readRows<NameRow>(namesStatement, [user.id], db);
  const withoutSpaces = (name: string) => name.replace(/[\s\u3000]+/g, "");
  const own = rows.find((row) => row.fullNameKana && withoutSpaces(row.fullName) === withoutSpaces(user.displayName));
  return nameReadingCorrections([
    ...rows.map((row) => ({ name: row.fullName, reading: row.fullNameKana })),
    { name: user.displayName, reading: own?.fullNameKana ?? null },
  ]);
}
