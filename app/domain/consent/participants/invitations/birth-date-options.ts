import type { SupportedLanguage } from "../../../../i18n/languages";

export interface Option {
  value: string;
  label: string;
}

/**
 * Year, month and day choices for the identity check. Japanese readers are offered the era year too (昭和35年),
 * which is how many older people know their birth year. Built on the server so the page renders the same
 * text with or without JavaScript.
 */
export function birthDateOptions(language: SupportedLanguage, now = new Date()): { years: Option[]; months: Option[]; days: Option[] } {
  const japanese = language !== "en";
  const era = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", { timeZone: "UTC", era: "long", year: "numeric" });
  const monthName = new Intl.DateTimeFormat(japanese ? "ja-JP" : "en-GB", { timeZone: "UTC", month: "long" });
  const years: Option[] = [];
  for (let year = now.getUTCFullYear(); year >= 1900; year -= 1) {
    if (!japanese) {
      years.push({ value: String(year), label: String(year) });
      continue;
    }
    // An era can change within a year (1989: 昭和64年 and 平成元年); show both names then.
    const eras = [...new Set([era.format(new Date(Date.UTC(year, 0, 1))), era.format(new Date(Date.UTC(year, 11, 31)))])];
    years.push({ value: String(year), label: `${year}年（${eras.join("・")}）` });
  }
  const months = Array.from({ length: 12 }, (_, index) => ({ value: String(index + 1), label: monthName.format(new Date(Date.UTC(2000, index, 1))) }));
  const days = Array.from({ length: 31 }, (_, index) => ({ value: String(index + 1), label: japanese ? `${index + 1}日` : String(index + 1) }));
  return { years, months, days };
}
