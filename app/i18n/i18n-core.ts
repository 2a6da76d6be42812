import { createInstance, type i18n as I18n, type InitOptions, type Resource } from "i18next";
import { defaultLanguage, type SupportedLanguage } from "./languages";
import { namespaces } from "./namespaces";

/**
 * The i18next options every instance shares, without the texts: the server's instances hold every language's (i18n.ts).
 * The browser does not carry i18next: its translator (browser-translator.ts, ADR 162) does what these options ask, and
 * its test holds it to the answers of an instance made here.
 */
export const i18nOptions: InitOptions = {
  // やさしい日本語 never falls back: a reader who chose it must not meet standard Japanese mid-page or mid-mail
  // (issue 11, defect 14). `npm run i18n:check` keeps every key in every language, so nothing is missing to fall
  // back for; app/i18n/i18n.test.ts checks both. English may still fall back to Japanese, the programme's language.
  fallbackLng: { "ja-easy": [], default: [defaultLanguage] },
  supportedLngs: ["ja", "ja-easy", "en"],
  nonExplicitSupportedLngs: false,
  // Otherwise i18next reads "easy" as a script subtag, asks for "ja-Easy" and silently serves standard Japanese.
  lowerCaseLng: true,
  load: "currentOnly",
  ns: [...namespaces],
  defaultNS: "common",
  interpolation: { escapeValue: false }, // React and react-email escape output
  returnNull: false,
  // Every string is given to init, so initialisation completes synchronously.
  initAsync: false,
  showSupportNotice: false,
};

/** A new i18next instance for `language` with the texts given (`{ [language]: { [namespace]: … } }`). */
export function createI18nWith(language: SupportedLanguage, resources: Resource, options: InitOptions = {}): I18n {
  const instance = createInstance();
  void instance.init({ ...i18nOptions, ...options, resources, lng: language });
  return instance;
}

