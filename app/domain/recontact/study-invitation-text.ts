import type { TFunction } from "i18next";
import type { SupportedLanguage } from "../../i18n/languages";
import { translator } from "../../i18n/i18n";

import type { TextInLanguages } from "../access/index";

/** A text the applicant wrote in Japanese and English, with やさしい日本語 optional (the register's words). */
type TextsInLanguages = TextInLanguages;

/** What a study invitation is worded from: the register's entry for the approval, and the study's registry id. */
export interface StudyInvitationWording {
  registry: string;
  studyId: string;
  /** The application's public reference (DA-2026-0007): the register's page about the study. */
  reference: string;
  title: TextsInLanguages;
  institution: TextsInLanguages;
}

/**
 * The message a study invitation sends by mail or letter (ADR 138), in one language: who invites, to what, where to
 * read about it, that taking part is free — and never the gene or anything else the study selected by. The gene is
 * stated only on the signed-in page, to a participant who chose to know that kind of result.
 */
export function studyInvitationMessage(wording: StudyInvitationWording, language: SupportedLanguage, inLanguage: (text: TextsInLanguages, language: SupportedLanguage) => string, t: TFunction = translator(language, "recontact")): string {
  return t("studyInvitation.message", {
    title: inLanguage(wording.title, language),
    institution: inLanguage(wording.institution, language),
    registry: wording.registry,
    studyId: wording.studyId,
    reference: wording.reference,
  });
}
