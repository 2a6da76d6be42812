import type { TFunction } from "i18next";
import type { SupportedLanguage } from "../../app/i18n/languages";

// Participants live in Japan, so the time they recognise is Japan time, and only that (issue 11): a second clock in
// UTC made them wonder which one was theirs. Support staff match logs through the audit pages, which show both.
const jstFormatters: Record<SupportedLanguage, Intl.DateTimeFormat> = {
  ja: jstFormatter("ja-JP"),
  "ja-easy": jstFormatter("ja-JP"),
  en: jstFormatter("en-GB"),
};

function jstFormatter(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}

/** "2025年1月2日(木) 13:04（日本時間）" and the equivalents in the other languages. */
export function formatOccurredAt(date: Date, language: SupportedLanguage, t: TFunction): string {
  return t("common.dateTime", { time: jstFormatters[language].format(date) });
}
