import { useContext } from "react";
import { getI18n, I18nContext } from "react-i18next";

/**
 * Times are stored in UTC. A participant, proxy or family member reads the time they lived — Japan time, once, in
 * their language's words ("2026年11月23日 0:46", "23 November 2026 at 00:46"); a second clock in brackets only
 * confused them (issue 11). Staff and audit pages pass `withUtc`: records compared across systems keep the UTC
 * value beside Japan time, so nothing in them is ambiguous.
 */
// Building an Intl.DateTimeFormat costs far more than using one (it showed in the /consent profile; ADR 028): one per
// language and style, made on first use. They hold no request's data, only a locale and options.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(locale: string, style: "long" | "medium"): Intl.DateTimeFormat {
  const key = `${locale} ${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Tokyo", dateStyle: style, timeStyle: "short" });
    formatters.set(key, formatter);
  }
  return formatter;
}

// Formatting itself is ICU's work and still showed in the /updates and staff list profiles (issue 30): a list page
// shows the same few hundred instants to every reader. The strings are remembered per formatter and instant, the map
// emptied when it reaches its bound; an instant and a locale are all it holds.
const formatted = new Map<string, string>();
const FORMATTED_BOUND = 20_000;
function format(locale: string, style: "long" | "medium", date: Date): string {
  const key = `${locale} ${style} ${date.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatterFor(locale, style).format(date);
    if (formatted.size >= FORMATTED_BOUND) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

export function DateTime({ value, withUtc = false, language }: { value: string | Date; withUtc?: boolean; /** When not the page's (a slip printed in the participant's language). */ language?: string }) {
  // Only the page's language is needed: the context's instance, not useTranslation's per-call setup (a list page shows
  // dozens of times; issue 30's profiles). A change of language re-renders the page from the root's data.
  const i18n = useContext(I18nContext)?.i18n ?? getI18n();
  const date = typeof value === "string" ? new Date(value) : value;
  const locale = (language ?? i18n?.language) === "en" ? "en-GB" : "ja-JP";
  if (!withUtc) {
    const local = format(locale, "long", date);
    return <time dateTime={date.toISOString()}>{local}</time>;
  }
  const jst = format(locale, "medium", date);
  return (
    <time dateTime={date.toISOString()}>
      {jst} JST <span className="mono">({date.toISOString().slice(0, 16).replace("T", " ")} UTC)</span>
    </time>
  );
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/**
 * A calendar day kept as YYYY-MM-DD (a report's panel date, the day of a conversation), in the reader's words
 * ("2026年11月20日", "20 November 2026"): a day, not an instant, so no time zone moves it.
 */
export function calendarDayText(day: string, language: string | undefined): string {
  const locale = language === "en" ? "en-GB" : "ja-JP";
  let formatter = dayFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "long" });
    dayFormatters.set(locale, formatter);
  }
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : formatter.format(date);
}
