import type { SupportedLanguage } from "./languages";

// A calendar day (a deadline, an effective date) is a day in Japan, stored as an ISO date: it is shown as that day,
// with no time and no time-zone shift, in the reader's language. One formatter for pages and mail.
const formatters: Record<SupportedLanguage, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat("ja-JP", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short" }),
  "ja-easy": new Intl.DateTimeFormat("ja-JP", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short" }),
};

/** "2027年1月31日(日)" / "Sun 31 January 2027" for "2027-01-31"; an unreadable value is shown as given. */
export function formatCalendarDay(isoDate: string, language: SupportedLanguage): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : formatters[language].format(date);
}
