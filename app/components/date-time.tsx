import { useTranslation } from "react-i18next";

/** Times are stored in UTC and shown in Japan time with the UTC value beside it: no ambiguity in records. */
export function DateTime({ value }: { value: string | Date }) {
  const { i18n } = useTranslation();
  const date = typeof value === "string" ? new Date(value) : value;
  const locale = i18n.language === "en" ? "en-GB" : "ja-JP";
  const jst = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" }).format(date);
  return (
    <time dateTime={date.toISOString()}>
      {jst} JST <span className="mono">({date.toISOString().slice(0, 16).replace("T", " ")} UTC)</span>
    </time>
  );
}
