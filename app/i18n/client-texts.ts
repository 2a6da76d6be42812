import type { BrowserTranslator, BrowserTranslatorOptions } from "./browser-translator";
import { defaultLanguage, isSupportedLanguage, type SupportedLanguage } from "./languages";
import { namespaces } from "./namespaces";

export { everyPageNamespaces } from "./namespaces";

/**
 * The browser's texts, one chunk per language and namespace (issue 60 item 2, ADR 156): each route module waits for
 * the namespaces its code uses before it runs (the build puts `await needTexts([...])` in front of it:
 * server/vite-route-texts.ts), the entry for the ones every page uses, and a client-side navigation loads the next
 * page's with its module. The mails' namespace is the server's alone.
 *
 * Where each file is comes with the routes that use it (ADR 161): the build puts `knowTexts({...})` before the wait,
 * naming only that route's namespaces in the three languages. The table of every file (every-texts-file.ts, 2.8 kB
 * gzipped) is fetched only for a file no route named: under Vite's development server, for a part of a page in
 * another language, and for a namespace a route's code used but the build did not find.
 */
type TextsFile = () => Promise<{ default: Record<string, unknown> }>;
const known = new Map<string, TextsFile>();

/** Where these texts' files are, by `language/namespace` (from the build's module in front of each route). */
export function knowTexts(files: Record<string, TextsFile>): void {
  for (const [key, file] of Object.entries(files)) if (!known.has(key)) known.set(key, file);
}

async function textsFile(key: string): Promise<{ default: Record<string, unknown> }> {
  const file = known.get(key) ?? (await import("./every-texts-file")).everyTextsFile(key);
  return file();
}

/** The browser's namespaces: all but the mails'. */
export const browserNamespaces = namespaces.filter((namespace) => namespace !== "email");

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
const loading = new Map<string, Promise<void>>();
let attached: BrowserTranslator | null = null;

/** The page's language, as the server rendered it (`<html data-language>`). */
export function pageLanguage(): SupportedLanguage {
  const declared = typeof document === "undefined" ? undefined : document.documentElement.dataset.language;
  return isSupportedLanguage(declared) ? declared : defaultLanguage;
}

/** Loads these namespaces' texts (in the page's language unless others are named), once each; resolves when all are in. */
export function needTexts(wanted: readonly string[], languages: readonly SupportedLanguage[] = [pageLanguage()]): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const language of languages) {
    for (const namespace of wanted) {
      const key = `${language}/${namespace}`;
      let done = loading.get(key);
      if (!done) {
        done = textsFile(key).then((module) => {
          (resources[language] ??= {})[namespace] = module.default;
          // Once the page has hydrated, the translator takes them in and the components using them draw again.
          attached?.addResourceBundle(language, namespace, module.default);
        });
        loading.set(key, done);
      }
      waits.push(done);
    }
  }
  return Promise.all(waits).then(() => undefined);
}

/** What has been loaded so far, for the translator the entry makes. */
export function loadedTexts(): Record<string, Record<string, Record<string, unknown>>> {
  return resources;
}

/** From now on, texts loaded later go into this translator. */
export function attachTexts(i18n: BrowserTranslator): void {
  attached = i18n;
}

/**
 * The browser's translator's own options: it holds only the namespaces its pages loaded, so a key of a namespace it
 * lacks is a page whose code uses one the build did not find (server/vite-route-texts.ts) — reported as an error (the
 * browser tests fail on one) and loaded, so the components using it draw again once it arrives (`added`). A key missing
 * from a namespace that is there (a hint asked for with a default) is not this kind of fault: `npm run i18n:check`'s.
 */
export const browserTranslatorOptions: BrowserTranslatorOptions = {
  saveMissing: true,
  missingKeyHandler: (languages, namespace, key) => {
    const language = languages[0] ?? pageLanguage();
    if (!isSupportedLanguage(language) || attached?.hasResourceBundle(language, namespace)) return;
    // eslint-disable-next-line no-console -- the browser's own report of a fault in the build's list, which the browser tests read
    console.error(`Texts missing in the browser: ${namespace}:${key} (${language}); the page's route did not load namespace "${namespace}"`);
    void needTexts([namespace], [language]);
  },
  react: { bindI18nStore: "added" },
};
