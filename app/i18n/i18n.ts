import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { defaultLanguage, type SupportedLanguage } from "./languages";
import { namespaces, resources, type Namespace } from "./resources";

/** One i18next instance per render (server) or per page load (browser); all strings are bundled. */
export async function createI18n(language: SupportedLanguage): Promise<I18n> {
  const instance = createInstance();
  await instance.init({
    lng: language,
    // やさしい日本語 falls back to standard Japanese, never to English, if a string were ever missing.
    fallbackLng: { "ja-easy": ["ja"], default: [defaultLanguage] },
    supportedLngs: ["ja", "ja-easy", "en"],
    nonExplicitSupportedLngs: false,
    // Otherwise i18next reads "easy" as a script subtag, asks for "ja-Easy" and silently serves standard Japanese.
    lowerCaseLng: true,
    showSupportNotice: false,
    load: "currentOnly",
    ns: [...namespaces],
    defaultNS: "common",
    resources,
    interpolation: { escapeValue: false }, // React and react-email escape output
    returnNull: false,
    initImmediate: false,
  });
  return instance;
}

const serverInstances = new Map<SupportedLanguage, Promise<I18n>>();

/** A translator for server-side text: emails, error messages, page titles. */
export async function getFixedT(language: SupportedLanguage, namespace: Namespace = "common"): Promise<TFunction> {
  let instance = serverInstances.get(language);
  if (!instance) {
    instance = createI18n(language);
    serverInstances.set(language, instance);
  }
  return (await instance).getFixedT(language, namespace);
}
