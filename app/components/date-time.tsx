import { useTranslation } from "react-i18next";

/**
 * Times are stored in UTC. A participant, proxy or family member reads the time they lived — Japan time, once, in
 * their language's words ("2026年11月23日 0:46", "23 November 2026 at 00:46"); a second clock in brackets only
 * confused them (issue 11). Staff and audit pages pass `withUtc`: records compared across systems keep the UTC
 * value beside Japan time, so nothing in them is ambiguous.
 */
export function DateTime({ value, withUtc = false, language }: { value: string | Date; withUtc?: boolean; /** When not the page's (a slip printed in the participant's language). */ language?: string }) {
  const { i18n } = useTranslation();
  const date = typeof value === "string" ? new Date(value) : value;
  const locale = (language ?? i18n.language) === "en" ? "en-GB" : "ja-JP";
  if (!withUtc) {
    const local = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Tokyo", dateStyle: "long", timeStyle: "short" }).format(date);
    return <time dateTime={date.toISOString()}>{local}</time>;
  }
  const jst = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" }).format(date);
  return (
    <time dateTime={date.toISOString()}>
      {jst} JST <span className="mono">({date.toISOString().slice(0, 16).replace("T", " ")} UTC)</span>
    </time>
  );
}
