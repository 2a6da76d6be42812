import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { isUpdateId } from "./lock-programme-update.server";
import { storedReadingCorrections } from "./programme-update-schema";
import { updateVisibleTo, type ProgrammeArea, type ReaderAudience, type UpdateAudience } from "./update-audiences";
import { textIn } from "./update-languages";

export interface ReadableVersion {
  number: number;
  title: string;
  body: string;
  /** What this version changed, for a correction; "" for the first. */
  changeNote: string;
  publishedAt: Date;
  readingCorrections: Record<string, string>;
}

export interface ReadableUpdate {
  id: string;
  publishAt: Date;
  current: ReadableVersion;
  /** The versions before the current one, newest first: a correction keeps what readers saw readable. */
  earlier: ReadableVersion[];
}

/**
 * One update as a reader sees it (ADR 038): only when published, its time come, and for the reader's audience —
 * otherwise `not_found`, as for an id that does not exist, so a scheduled or other audience's update cannot be
 * confirmed by probing. A signed-in reader's read marker is set (once; the first reading's time is kept).
 */
export async function readProgrammeUpdate(
  options: { updateId: string; audience: ReaderAudience; userId: string | null; language: SupportedLanguage; now?: Date },
  db: Database = getDatabase(),
): Promise<ReadableUpdate> {
  const now = options.now ?? new Date();
  if (!isUpdateId(options.updateId)) throw new AppError("not_found");
  const update = await db.programmeUpdate.findUnique({
    where: { id: options.updateId },
    include: { versions: { where: { publishedAt: { not: null } }, orderBy: { number: "desc" } } },
  });
  if (!update || update.publishedVersion === null || update.publishAt === null || update.publishAt > now) throw new AppError("not_found");
  if (!updateVisibleTo(options.audience, { audiences: update.audiences as UpdateAudience[], programmeArea: update.programmeArea as ProgrammeArea | null })) throw new AppError("not_found");
  const versions = update.versions.map((version) => ({
    number: version.number,
    ...textIn(version, options.language),
    publishedAt: version.publishedAt!,
    readingCorrections: storedReadingCorrections(version.readingCorrections),
  }));
  const [current, ...earlier] = versions;
  if (!current) throw new AppError("not_found");
  if (options.userId) {
    await db.$executeRaw`INSERT INTO "UpdateRead" ("userId", "updateId") VALUES (${options.userId}::uuid, ${update.id}::uuid) ON CONFLICT DO NOTHING`;
  }
  return { id: update.id, publishAt: update.publishAt, current, earlier };
}
