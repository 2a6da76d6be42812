import type { i18n as I18n, TFunction } from "i18next";
import { createI18nWith } from "./i18n-core";
import { defaultLanguage, isSupportedLanguage, type SupportedLanguage } from "./languages";
import { resources, type Namespace } from "./resources";

/** A new i18next instance with every language's texts: the server's and the tests' (the browser's: i18n-core.ts). */
export function createI18n(language: SupportedLanguage): I18n {
  return createI18nWith(language, resources);
}

const shared = new Map<SupportedLanguage, I18n>();

/** How many texts one translator (language, namespaces, key prefix) keeps; keys come from the code, so few are asked. */
const rememberedPerTranslator = 5_000;

/**
 * Options a remembered text may be asked with: values that are the programme's own words or small numbers — a form's
 * version, a choice's title, the recipients and topics the consent rule names, counts — never a person's name, address
 * or anything typed by someone (those are asked of i18next each time and kept nowhere). The consent page words each
 * choice's effects with these (issue 30: a seventh of its CPU was i18next).
 */
const rememberableOptions = new Set(["count", "version", "title", "recipients", "about", "stops", "continues", "level", "max", "min", "total", "limit", "number", "language", "languages", "outcome", "capacity", "state", "page", "pages", "days", "hours", "minutes"]);

/**
 * What tells a call's answer apart beyond its key: "" without options, a canonical line of its options when every one is
 * rememberable and a string, number or boolean, and undefined for anything else (then i18next answers each time).
 */
function rememberableOptionsKey(rest: readonly unknown[]): string | undefined {
  if (rest.length === 0) return "";
  const options = rest[0];
  if (rest.length > 1 || typeof options !== "object" || options === null || Object.getPrototypeOf(options) !== Object.prototype) return undefined;
  const names = Object.keys(options).sort();
  let line = "\u0000";
  for (const name of names) {
    const value = (options as Record<string, unknown>)[name];
    if (!rememberableOptions.has(name)) return undefined;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
    // JSON: a string's quotes and escapes keep "1" apart from 1 and no value can imitate the next option.
    line += `${name}=${JSON.stringify(value)};`;
  }
  return line;
}

/**
 * The instance's translators, each keeping what it answered for a key asked without options, or with rememberable ones. Such an answer depends
 * only on the language, the namespaces, the key prefix and the key: the server's instances hold the bundled strings,
 * which nothing changes (see sharedI18n). i18next's own path for each `t(key)` — the options overloaded, every option
 * of the instance copied into a new object, the key split and looked up through the fallbacks, interpolation tried —
 * was a tenth of a page's server time (bench/RESULTS.md, issue 30). Calls with other options (a name, defaults, context,
 * another language or namespace) and keys that are not strings go to i18next every time.
 */
function rememberTranslations(instance: I18n): I18n {
  const getFixedT = instance.getFixedT.bind(instance);
  const rememberedByTranslator = new Map<string, Map<string, string>>();
  const remembering = ((lng: string | readonly string[] | null | undefined, ns?: string | readonly string[] | null, keyPrefix?: string) => {
    const fixedT = (getFixedT as (...args: unknown[]) => TFunction & { lng?: string; lngs?: readonly string[]; ns?: unknown; keyPrefix?: unknown })(lng, ns, keyPrefix);
    if ((lng != null && typeof lng !== "string") || (keyPrefix != null && typeof keyPrefix !== "string")) return fixedT;
    const namespaceKey = ns == null ? "" : typeof ns === "string" ? ns : ns.join(",");
    const translatorKey = `${lng ?? instance.language}\u0000${namespaceKey}\u0000${keyPrefix ?? ""}`;
    let remembered = rememberedByTranslator.get(translatorKey);
    if (!remembered) {
      remembered = new Map();
      rememberedByTranslator.set(translatorKey, remembered);
    }
    const texts = remembered;
    const t = (key: unknown, ...rest: unknown[]) => {
      const optionsKey = typeof key === "string" ? rememberableOptionsKey(rest) : undefined;
      if (optionsKey === undefined) return (fixedT as unknown as (...args: unknown[]) => unknown)(key, ...rest);
      const textKey = `${key as string}${optionsKey}`;
      const known = texts.get(textKey);
      if (known !== undefined) return known;
      const text = (fixedT as unknown as (...args: unknown[]) => unknown)(key, ...rest);
      if (typeof text === "string" && texts.size < rememberedPerTranslator) texts.set(textKey, text);
      return text;
    };
    return Object.assign(t, { lng: fixedT.lng, lngs: fixedT.lngs, ns: fixedT.ns, keyPrefix: fixedT.keyPrefix }) as unknown as TFunction;
  }) as I18n["getFixedT"];
  instance.getFixedT = remembering;
  return instance;
}

/**
 * The server's one instance per language, made once and shared by every render and every translator (ADR 028): it
 * holds only the bundled strings and its language, which nothing on the server changes, so no request can leave
 * anything in it for another. (Creating one per render cost more than a page's translations.) Its translators keep
 * what they answered for keys asked without options (rememberTranslations).
 */
export function sharedI18n(language: SupportedLanguage): I18n {
  let instance = shared.get(language);
  if (!instance) {
    instance = rememberTranslations(createI18n(language));
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
