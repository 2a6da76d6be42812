export const supportedLanguages = ["ja", "ja-easy", "en"] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];
export const defaultLanguage: SupportedLanguage = "ja";

/** The value for `<html lang>`: やさしい日本語 is still Japanese to screen readers and fonts. */
export function htmlLangOf(language: SupportedLanguage): string {
  return language === "ja-easy" ? "ja" : language;
}

export function isSupportedLanguage(value: unknown): value is SupportedLanguage {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** Prisma enums cannot hold a hyphen, so the database spells ja-easy as ja_easy. */
export function toStoredLanguage(language: SupportedLanguage): "ja" | "ja_easy" | "en" {
  return language === "ja-easy" ? "ja_easy" : language;
}

export function fromStoredLanguage(stored: "ja" | "ja_easy" | "en"): SupportedLanguage {
  return stored === "ja_easy" ? "ja-easy" : stored;
}
