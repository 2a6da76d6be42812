import { Prisma } from "../../generated/prisma/client";
import type { SupportedLanguage } from "../../i18n/languages";
import type { ReaderAudience } from "./update-audiences";
import { updateTextColumns } from "./update-languages";

/**
 * The SQL form of `updateVisibleTo` (update-audiences.ts) for lists, over "ProgrammeUpdate" aliased `u`: published,
 * its time come, and for this reader's audience. Kept beside the rule it mirrors; programme-updates.test.ts checks
 * both agree on every combination.
 */
export function visibleUpdatesWhere(reader: ReaderAudience, now: Date): Prisma.Sql {
  const reach = (audience: "participants" | "families", areas: ReadonlySet<string | null>) => {
    if (areas.size === 0) return Prisma.sql`FALSE`;
    const named = [...areas].filter((area): area is string => area !== null);
    return Prisma.sql`(${audience}::"UpdateAudience" = ANY(u."audiences") AND (u."programmeArea" IS NULL OR u."programmeArea"::text = ANY(${named}::text[])))`;
  };
  return Prisma.sql`u."publishedVersion" IS NOT NULL AND u."publishAt" <= ${now}
    AND ('public'::"UpdateAudience" = ANY(u."audiences") OR ${reach("participants", reader.participantAreas)} OR ${reach("families", reader.familyAreas)})`;
}

/** A version's column for one language's title, body or change note, from the fixed table (never from input). */
export function textColumn(alias: "v", language: SupportedLanguage, field: "title" | "body" | "changeNote"): Prisma.Sql {
  return Prisma.raw(`${alias}."${updateTextColumns[language][field]}"`);
}
