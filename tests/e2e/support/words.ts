import { readFileSync } from "node:fs";

/**
 * What a test looks for on a page: the words themselves, or, on a やさしい日本語 page, a pattern that finds them with
 * their furigana (ADR 037).
 *
 * Chromium's accessibility tree names a button 「同意を 取り消す」 as the words alone (each <rt> is aria-hidden and
 * <ruby> is inline), which is what a screen reader says; a test in chromium-name.spec.ts holds that. Playwright
 * computes names itself and pads every element whose display is not "inline" with spaces, and <ruby>'s display
 * is "ruby", so it reads 「同意を 取 り 消 す」; its text matching reads the <rt> too (「取とり消けす」). A text
 * with kanji is therefore matched with room for a space around each character and a reading after each kanji:
 * the same characters in the same order, nothing more lenient.
 */
export type Words = string | RegExp;

const kanji = /[\u3400-\u9FFF\u3005\u30F6]/;

/**
 * A pattern's source that finds `text` on a page that carries readings: its characters in order, room for a space
 * between any two and for a reading (hiragana) after each kanji.
 */
export function readingsPattern(text: string): string {
  return [...text.replace(/\s+/g, "")]
    .map((character) => character.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + (kanji.test(character) ? "[\\u3041-\\u309F\\u30FC]*" : ""))
    .join("\\s*");
}

/**
 * `text` as Playwright finds it on a page that carries readings; the text itself when it has no kanji. `exact` anchors
 * the pattern at both ends, as Playwright's exact option does for a string (it ignores the option for a pattern).
 */
export function withReadings(text: string, { exact = false }: { exact?: boolean } = {}): Words {
  if (!kanji.test(text)) return text;
  const pattern = readingsPattern(text);
  return new RegExp(exact ? `^\\s*${pattern}\\s*$` : pattern);
}

/** `text` as found on a page in `language`: with room for readings in やさしい日本語, as it is otherwise. */
export function onPage(language: string, text: string, options: { exact?: boolean } = {}): Words {
  return language === "ja-easy" ? withReadings(text, options) : text;
}

type Values = Record<string, string | number>;

// Playwright's loader cannot import the locale JSON the app bundles, so the strings are read from the files directly.
const files = new Map<string, unknown>();

function localeString(language: string, defaultNamespace: string, prefixedKey: string, values: Values): string {
  // "common:footer.ask" names its own namespace, as the app's keys may.
  const [namespace, key] = prefixedKey.includes(":") ? (prefixedKey.split(/:(.*)/s) as [string, string]) : [defaultNamespace, prefixedKey];
  const file = `${language}/${namespace}`;
  if (!files.has(file)) files.set(file, JSON.parse(readFileSync(new URL(`../../../locales/${file}.json`, import.meta.url), "utf8")));
  const strings = files.get(file);
  const found = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], strings);
  if (typeof found !== "string") throw new Error(`no string ${language}/${namespace}:${key}`);
  return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** A locale's strings as written, {{placeholders}} filled in: for what is typed, chosen in a <select>, or compared. */
export function plainTranslator(language: string, namespace: string): (key: string, values?: Values) => string {
  return (key, values = {}) => localeString(language, namespace, key, values);
}

/**
 * A locale's strings as a test finds them on a page in that language (onPage). Where the call passes Playwright's
 * `exact: true`, pass `{ exact: true }` here too: Playwright ignores it for a pattern.
 */
export function translator(language: string, namespace: string): (key: string, values?: Values, options?: { exact?: boolean }) => Words {
  return (key, values = {}, options = {}) => onPage(language, localeString(language, namespace, key, values), options);
}
