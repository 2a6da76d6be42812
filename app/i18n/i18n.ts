import { createInstance, type i18n as I18n, type InitOptions, type TFunction } from "i18next";
import { defaultLanguage, isSupportedLanguage, type SupportedLanguage } from "./languages";
import { namespaces, resources, type Namespace } from "./resources";

const options: InitOptions = {
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
  resources,
  interpolation: { escapeValue: false }, // React and react-email escape output
  returnNull: false,
  // Every string is bundled, so initialisation completes synchronously.
  initAsync: false,
  showSupportNotice: false,
};

/** A new i18next instance: one per page load in the browser; the server keeps one per language (sharedI18n). */
export function createI18n(language: SupportedLanguage): I18n {
  const instance = createInstance();
  void instance.init({ ...options, lng: language });
  return instance;
}

const shared = new Map<SupportedLanguage, I18n>();

/**
 * The server's one instance per language, made once and shared by every render and every translator (ADR 028): it
 * holds only the bundled strings and its language, which nothing on the server changes, so no request can leave
 * anything in it for another. (Creating one per render cost more than a page's translations.)
 */
export function sharedI18n(language: SupportedLanguage): I18n {
  let instance = shared.get(language);
  if (!instance) {
    instance = createI18n(language);
    shared.set(language, instance);
  }
  return instance;
}

/** A translator for text produced outside React: emails, error messages, page titles. */
export function translator(language: string, namespace: Namespace = "common"): TFunction {
  const supported = isSupportedLanguage(language) ? language : defaultLanguage;
  return sharedI18n(supported).getFixedT(supported, namespace);
}

export async function getFixedT(language: SupportedLanguage, namespace: Namespace = "common"): Promise<TFunction> {
  return translator(language, namespace);
}
