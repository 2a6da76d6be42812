import { useTranslation } from "react-i18next";

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

export function DateTime({ value, withUtc = false, language }: { value: string | Date; withUtc?: boolean; /** When not the page's (a slip printed in the participant's language). */ language?: string }) {
  const { i18n } = useTranslation();
  const date = typeof value === "string" ? new Date(value) : value;
  const locale = (language ?? i18n.language) === "en" ? "en-GB" : "ja-JP";
  if (!withUtc) {
    const local = formatterFor(locale, "long").format(date);
    return <time dateTime={date.toISOString()}>{local}</time>;
  }
  const jst = formatterFor(locale, "medium").format(date);
  return (
    <time dateTime={date.toISOString()}>
      {jst} JST <span className="mono">({date.toISOString().slice(0, 16).replace("T", " ")} UTC)</span>
    </time>
  );
}
