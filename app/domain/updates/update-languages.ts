import type { SupportedLanguage } from "../../i18n/languages";

/** The columns of a version that hold each language's text (ADR 038). */
export const updateTextColumns = {
  ja: { title: "titleJa", body: "bodyJa", changeNote: "changeNoteJa" },
  "ja-easy": { title: "titleJaEasy", body: "bodyJaEasy", changeNote: "changeNoteJaEasy" },
  en: { title: "titleEn", body: "bodyEn", changeNote: "changeNoteEn" },
} as const satisfies Record<SupportedLanguage, { title: string; body: string; changeNote: string }>;

export interface UpdateVersionText {
  titleJa: string;
  titleJaEasy: string;
  titleEn: string;
  bodyJa: string;
  bodyJaEasy: string;
  bodyEn: string;
  changeNoteJa: string;
  changeNoteJaEasy: string;
  changeNoteEn: string;
}

export interface UpdateText {
  title: string;
  body: string;
  changeNote: string;
}

export function textIn(version: UpdateVersionText, language: SupportedLanguage): UpdateText {
  const columns = updateTextColumns[language];
  return { title: version[columns.title], body: version[columns.body], changeNote: version[columns.changeNote] };
}

/** The languages a version still lacks a title or a body in: publishing is refused while any is missing. */
export function missingLanguages(version: UpdateVersionText): SupportedLanguage[] {
  return (Object.keys(updateTextColumns) as SupportedLanguage[]).filter((language) => {
    const text = textIn(version, language);
    return text.title.trim() === "" || text.body.trim() === "";
  });
}

/** The languages a correction still lacks its note of what changed in. */
export function missingChangeNotes(version: UpdateVersionText): SupportedLanguage[] {
  return (Object.keys(updateTextColumns) as SupportedLanguage[]).filter((language) => textIn(version, language).changeNote.trim() === "");
}
