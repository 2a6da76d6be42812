import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { isUpdateId } from "./lock-programme-update.server";
import { storedReadingCorrections } from "./programme-update-schema";
import type { ProgrammeArea, UpdateAudience } from "./update-audiences";
import { missingChangeNotes, missingLanguages, type UpdateVersionText } from "./update-languages";
import { updateStateOf, type UpdateState } from "./update-state";
import type { SupportedLanguage } from "../../i18n/languages";

export interface StaffUpdateVersion extends UpdateVersionText {
  number: number;
  readingCorrections: Record<string, string>;
  createdAt: Date;
  publishedAt: Date | null;
}

export interface StaffUpdate {
  id: string;
  audiences: UpdateAudience[];
  programmeArea: ProgrammeArea | null;
  state: UpdateState;
  publishAt: Date | null;
  publishedVersion: number | null;
  /** The version being written (a draft or a correction), or null when every version is published. */
  draft: StaffUpdateVersion | null;
  /** What publishing the draft would be refused for: languages without a title or text, or (a correction) a note. */
  missing: { languages: SupportedLanguage[]; changeNotes: SupportedLanguage[] };
  /** Every version, newest first. */
  versions: StaffUpdateVersion[];
}

/** One update with all its versions, for ELSI staff (ADR 038); `not_found` for an id that is not one. */
export async function loadProgrammeUpdate(options: { updateId: string; now?: Date }, db: Database = getDatabase()): Promise<StaffUpdate> {
  if (!isUpdateId(options.updateId)) throw new AppError("not_found");
  const update = await db.programmeUpdate.findUnique({ where: { id: options.updateId }, include: { versions: { orderBy: { number: "desc" } } } });
  if (!update) throw new AppError("not_found");
  const versions: StaffUpdateVersion[] = update.versions.map((version) => ({
    number: version.number,
    titleJa: version.titleJa,
    titleJaEasy: version.titleJaEasy,
    titleEn: version.titleEn,
    bodyJa: version.bodyJa,
    bodyJaEasy: version.bodyJaEasy,
    bodyEn: version.bodyEn,
    changeNoteJa: version.changeNoteJa,
    changeNoteJaEasy: version.changeNoteJaEasy,
    changeNoteEn: version.changeNoteEn,
    readingCorrections: storedReadingCorrections(version.readingCorrections),
    createdAt: version.createdAt,
    publishedAt: version.publishedAt,
  }));
  const draft = versions.find((version) => version.publishedAt === null) ?? null;
  return {
    id: update.id,
    audiences: update.audiences,
    programmeArea: update.programmeArea,
    state: updateStateOf(update, options.now ?? new Date()),
    publishAt: update.publishAt,
    publishedVersion: update.publishedVersion,
    draft,
    missing: {
      languages: draft ? missingLanguages(draft) : [],
      changeNotes: draft && update.publishedVersion !== null ? missingChangeNotes(draft) : [],
    },
    versions,
  };
}
