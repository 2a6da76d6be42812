import { z } from "zod";

/**
 * One normaliser for what people type into fields that hold e-mail addresses, phone numbers, numbers, codes, dates
 * and countries (issue 55 defect 9; ADR 118). A Japanese keyboard in kana mode types full-width letters and digits
 * (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ, ０３－１２３４－５６７８, ６５); each is the same character the field asks for, so it is read
 * as that character instead of being refused. Every kind is first NFKC-normalised (full-width → ASCII, ｶﾅ → カナ,
 * U+3000 → space) and trimmed; then, by kind:
 *
 * - `email`, `number`: nothing more (a space inside is still a typing slip the field's own rule refuses);
 * - `phone`, `identifier` (a record number): every dash a Japanese keyboard or word processor makes (‐ – — ― − ー) is
 *   read as "-", which their formats allow and keep;
 * - `code` (one-time codes, invitation and recovery codes): spaces and dashes are dropped, since these formats print
 *   them only to group the characters for reading aloud;
 * - `date`: dashes and the slashes or dots people type between the parts are read as "-" (`YYYY-MM-DD`);
 * - `country`: a two-letter code in either case, or the country's name in Japanese or English, as its ISO 3166-1
 *   code (`countryCodeOf`).
 *
 * Pure, no Node API: the same reading can run in the browser.
 */
export const typedInputKinds = ["email", "phone", "number", "code", "identifier", "date", "country"] as const;
export type TypedInputKind = (typeof typedInputKinds)[number];

// After NFKC: hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar, minus sign, the katakana
// prolonged sound mark (what ｰ and a kana-mode "-" become), small and full-width hyphen-minus.
const dashes = /[\u2010-\u2015\u2212\u30FC\uFE58\uFE63\uFF0D]/gu;

export function normalizeTyped(value: string, kind: TypedInputKind): string {
  const base = value.normalize("NFKC").trim();
  switch (kind) {
    case "email":
    case "number":
      return base;
    case "phone":
    case "identifier":
      return base.replace(dashes, "-");
    case "code":
      return base.replace(dashes, "").replace(/[\s-]/gu, "");
    case "date":
      return base.replace(dashes, "-").replace(/\s*[/.]\s*/gu, "-");
    case "country":
      return countryCodeOf(base) ?? base;
  }
}

/** A preprocessor for a zod field: a typed string read by `kind`, anything else (absent, a list) left for the field. */
export function typed(kind: TypedInputKind) {
  return (value: unknown): unknown => (typeof value === "string" ? normalizeTyped(value, kind) : value);
}

/** An e-mail address as typed (full-width letters and ＠ read as ASCII). */
export function emailField(max = 254) {
  return z.preprocess(typed("email"), z.email().max(max));
}

/**
 * A whole number as typed (６５ read as 65). Blank is absent ("please fill this in", or left out where optional); text
 * that is not a whole number is refused as such, not read as NaN.
 */
export function integerField(options: { min: number; max: number }) {
  return z.preprocess((value) => {
    const read = typed("number")(value);
    if (read === "") return undefined;
    return typeof read === "string" && /^[+-]?\d{1,15}$/u.test(read) ? Number(read) : read;
  }, z.number().int().min(options.min).max(options.max));
}

/** A string field read by `kind` before its own rule (a pattern, a refinement) judges it. */
export function typedString(kind: TypedInputKind) {
  return z.preprocess(typed(kind), z.string());
}

/**
 * A country as typed: its ISO 3166-1 alpha-2 code, from the code in either case or the name in Japanese or English.
 * What cannot be read as one is refused with a sentence saying what to type (`field.countryName`).
 */
export function countryField() {
  return z.preprocess(typed("country"), z.string().refine((code) => /^[A-Z]{2}$/u.test(code), { params: { reason: "countryName" } }));
}

// Region codes ICU names that are not countries or territories someone lives or works in.
const notCountries = new Set(["EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"]);
// What people commonly type that ICU does not name so: its long names are formal (アメリカ合衆国), its short ones cover
// アメリカ, 英国, UK, US.
const aliases: Record<string, string> = { 米国: "US", usa: "US", "united states of america": "US", england: "GB", 大韓民国: "KR" };

let countryNames: Map<string, string> | undefined;

/** Names → codes, built once from the runtime's own region names (Intl.DisplayNames), long and short, ja and en. */
function countryNameIndex(): Map<string, string> {
  if (countryNames) return countryNames;
  const index = new Map<string, string>();
  const namers = (["ja", "en"] as const).flatMap((language) =>
    (["long", "short"] as const).map((style) => new Intl.DisplayNames([language], { type: "region", style, fallback: "none" })),
  );
  for (let first = 65; first <= 90; first += 1) {
    for (let second = 65; second <= 90; second += 1) {
      const code = String.fromCharCode(first, second);
      if (notCountries.has(code)) continue;
      // A code ICU still names but has replaced (ZR → CD) is left to its successor.
      if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
      for (const namer of namers) {
        const name = namer.of(code);
        if (name && !index.has(keyOf(name))) index.set(keyOf(name), code);
      }
    }
  }
  for (const [name, code] of Object.entries(aliases)) index.set(keyOf(name), code);
  countryNames = index;
  return index;
}

const keyOf = (name: string) => name.normalize("NFKC").toLowerCase().replace(/[\s.・]/gu, "");

/** The ISO 3166-1 alpha-2 code of what was typed for a country ("jp", "日本", "Japan", "ｊａｐａｎ"), or null. */
export function countryCodeOf(typedCountry: string): string | null {
  const value = typedCountry.normalize("NFKC").trim();
  if (/^[A-Za-z]{2}$/u.test(value)) return value.toUpperCase();
  if (value === "") return null;
  return countryNameIndex().get(keyOf(value)) ?? null;
}
