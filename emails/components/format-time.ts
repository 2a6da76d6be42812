import type { TFunction } from "i18next";
import type { SupportedLanguage } from "../../app/i18n/languages";

// Participants live in Japan, so the time they recognise is JST; UTC is added for support staff matching logs.
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

/** "2025年1月2日(木) 13:04 日本時間（UTC 2025-01-02 04:04）" and the equivalents in the other languages. */
export function formatOccurredAt(date: Date, language: SupportedLanguage, t: TFunction): string {
  const utc = `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)}`;
  return t("common.dateTime", { jst: jstFormatters[language].format(date), utc });
}
