import { Prisma } from "../../generated/prisma/client";
import type { SupportedLanguage } from "../../i18n/languages";
import type { ReaderAudience } from "./update-audiences";
import { updateTextColumns } from "./update-languages";

/**
 * The SQL form of `updateVisibleTo` (update-audiences.ts) for lists, over "ProgrammeUpdate" aliased `u`: published,
 * its time come, and for this reader's audience. The text form below with this reader's values bound, for statements
 * written with Prisma's tagged templates: one definition of the rule in SQL, which programme-updates.test.ts holds to
 * the pure rule on every combination.
 */
export function visibleUpdatesWhere(reader: ReaderAudience, now: Date): Prisma.Sql {
  const [participants, families] = visibleUpdatesValues(reader);
  const values: Record<string, unknown> = { now, participants, families };
  const marker = (name: string) => `\u0001${name}\u0001`;
  const parts = visibleUpdatesWhereText({ now: marker("now"), participants: marker("participants"), families: marker("families") }).split("\u0001");
  // Even pieces are SQL text, odd ones the names of the values between them.
  return new Prisma.Sql(
    parts.filter((_, index) => index % 2 === 0),
    parts.filter((_, index) => index % 2 === 1).map((name) => values[name]),
  );
}

/**
 * The same rule as text for a named statement (readRows): `now` and the two reaches are SQL expressions — the
 * statement's parameters (values from `visibleUpdatesValues`) or columns it computes — where a reach is the audience's
 * named areas, or NULL when the reader is not in that audience at all. One text per statement, whatever the reader, so
 * the statement is prepared once per connection. The reader list runs it; programme-updates.test.ts holds it to the
 * pure rule.
 */
export function visibleUpdatesWhereText(expressions: { now: string; participants: string; families: string }): string {
  const reach = (audience: "participants" | "families", areas: string) =>
    `(${areas}::text[] IS NOT NULL AND '${audience}'::"UpdateAudience" = ANY(u."audiences") AND (u."programmeArea" IS NULL OR u."programmeArea"::text = ANY(${areas}::text[])))`;
  return `u."publishedVersion" IS NOT NULL AND u."publishAt" <= ${expressions.now}::timestamptz
    AND ('public'::"UpdateAudience" = ANY(u."audiences") OR ${reach("participants", expressions.participants)} OR ${reach("families", expressions.families)})`;
}

/** The parameters of `visibleUpdatesWhereText` for a reader: the participants' reach, then the families'. */
export function visibleUpdatesValues(reader: ReaderAudience): [participants: string[] | null, families: string[] | null] {
  const reach = (areas: ReadonlySet<string | null>) => (areas.size === 0 ? null : [...areas].filter((area): area is string => area !== null));
  return [reach(reader.participantAreas), reach(reader.familyAreas)];
}

/** A version's column for one language's title, body or change note, from the fixed table (never from input). */
export function textColumn(alias: "v", language: SupportedLanguage, field: "title" | "body" | "changeNote"): Prisma.Sql {
  return Prisma.raw(`${alias}."${updateTextColumns[language][field]}"`);
}
