import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { choiceCatalogue } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices, type FormLanguage, type LanguageContent } from "@tsunagi/consent-rules/form-content";
import { listPublishedVersions } from "../forms/index.server";
import { programmeFormKeys, type ProgrammeFormKey } from "../forms/index";

export interface ShareableForm {
  formKey: ProgrammeFormKey;
  formVersion: string;
  effectiveDate: string;
  contentHash: string;
  /** False for an older version someone kept a link to; the page then points to the current one. */
  current: boolean;
  currentVersion: string;
  language: FormLanguage;
  body: LanguageContent;
  questions: { id: string; options: string[] }[];
  choices: { id: string; options: string[] }[];
}

/**
 * The whole text of a published version in one language, for reading at home, printing, or sending to family.
 * Form text is not personal, so no sign-in is needed; drafts are never shown.
 */
export async function loadShareableForm(version: string, language: FormLanguage, formKey: ProgrammeFormKey = programmeFormKeys.cancer, db: Database = getDatabase()): Promise<ShareableForm> {
  if (!/^\d{1,3}\.\d{1,3}$/.test(version)) throw new AppError("not_found");
  const published = await listPublishedVersions(formKey, db);
  const found = published.find((candidate) => candidate.version === version);
  if (!found?.contentHash) throw new AppError("not_found");
  return {
    formKey,
    formVersion: found.version,
    effectiveDate: found.effectiveDate,
    contentHash: found.contentHash,
    current: published[0]?.id === found.id,
    currentVersion: published[0]!.version,
    language,
    body: found.content.languages[language],
    questions: found.content.questions.map((question) => ({ id: question.id, options: question.options })),
    choices: offeredChoices(found.content).map((id) => ({ id, options: [...choiceCatalogue[id].options] })),
  };
}
