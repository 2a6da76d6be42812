import type { SupportedLanguage } from "./languages";

// A calendar day (a deadline, an effective date) is a day in Japan, stored as an ISO date: it is shown as that day,
// with no time and no time-zone shift, in the reader's language. One formatter for pages and mail.
const formatters: Record<SupportedLanguage, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat("ja-JP", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short" }),
  "ja-easy": new Intl.DateTimeFormat("ja-JP", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric", weekday: "short" }),
};

// The days pages name are few (a form's re-consent deadline, a notice's date), and each was formatted again on every
// page that named it (1 % of /home's CPU): each day's words are kept, at most `keptDays` per language.
const keptDays = 1_000;
const formatted: Record<SupportedLanguage, Map<string, string>> = { ja: new Map(), "ja-easy": new Map(), en: new Map() };

/** "2027年1月31日(日)" / "Sun 31 January 2027" for "2027-01-31"; an unreadable value is shown as given. */
export function formatCalendarDay(isoDate: string, language: SupportedLanguage): string {
  const kept = formatted[language];
  const known = kept.get(isoDate);
  if (known !== undefined) return known;
  const date = new Date(`${isoDate}T00:00:00Z`);
  const words = Number.isNaN(date.getTime()) ? isoDate : formatters[language].format(date);
  if (kept.size < keptDays) kept.set(isoDate, words);
  return words;
}
