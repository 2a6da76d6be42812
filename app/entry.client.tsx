import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { pageReadingsScriptId } from "./rendering/page-readings";
import { holdEventsUntilDecoded } from "./rendering/hold-events-until-decoded";
import { RouteTextsProvider, routeTextsAttribute } from "./rendering/route-texts";
import { BrowserTranslator } from "./i18n/browser-translator";
import { setTitleTranslator } from "./i18n/title-translator";
import { isSupportedLanguage, type SupportedLanguage } from "./i18n/languages";
import { attachTexts, browserNamespaces, browserTranslatorOptions, everyPageNamespaces, loadedTexts, needTexts, pageLanguage } from "./i18n/client-texts";

/**
 * Remix 2.17's single fetch logs, with console.error, the AbortError of a data request the router cancelled itself —
 * a click or a new navigation while the last answer was still arriving — and then drops the request, as intended
 * (`fetchAndDecode` in @remix-run/react). Nothing failed and nobody is told anything; yet a page that logs errors is
 * what the browser tests refuse, and under load they saw this one (family.spec on CI). Exactly that error is kept
 * out of the console; every other error is logged as before.
 */
/* eslint-disable no-console -- one of two places the app touches the console (the other: a route's texts missing, client-texts.ts): leaving out the router's own cancellations */
const logError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (args.length === 1 && args[0] instanceof DOMException && args[0].name === "AbortError") return;
  logError(...args);
};
/* eslint-enable no-console */

/**
 * The same cancellation can also surface as an unhandled rejection: the single-fetch decoder (turbo-stream) returns a
 * `done` promise that Remix never awaits, and when the router cancels a data request whose body has not finished
 * closing, that promise rejects with the request's AbortError and nothing handles it. The browser then reports an
 * "uncaught" error for a request the router dropped on purpose (seen in family.spec on CI, issue 26). A cancellation is
 * not a failure: exactly AbortErrors are marked handled; every other rejection is reported as before.
 */
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason instanceof DOMException && event.reason.name === "AbortError") event.preventDefault();
});

// Events that would make React hydrate synchronously are kept from it until Remix has decoded the page's data.
holdEventsUntilDecoded(window);

// The server renders <html data-language>; the browser translates with the same language and strings.
const language = pageLanguage();

/**
 * The page's texts (issue 60 item 2, ADR 156): its route modules have loaded the namespaces they use before this entry
 * ran; here, the ones every page uses — and, for a part of the page drawn in another language (a consent form shared in
 * another language labels itself in it: `data-texts-language`), that language's texts whole, read once the document is
 * parsed. Under Vite's development server the routes wait for nothing: the page's language is loaded whole.
 */
async function loadTexts(): Promise<BrowserTranslator> {
  const others = new Set<SupportedLanguage>();
  for (const element of document.querySelectorAll<HTMLElement>("[data-texts-language]")) {
    const other = element.dataset.textsLanguage;
    if (isSupportedLanguage(other) && other !== language) others.add(other);
  }
  await Promise.all([
    needTexts(import.meta.env.DEV ? browserNamespaces : everyPageNamespaces, [language]),
    ...(others.size > 0 ? [needTexts(browserNamespaces, [...others])] : []),
  ]);
  const i18n = new BrowserTranslator(language, loadedTexts(), browserTranslatorOptions);
  attachTexts(i18n);
  return i18n;
}
// The texts every page uses start loading at once.
void needTexts(everyPageNamespaces, [language]);

/**
 * Hydrates once the whole document has been parsed. Remix loads this entry from an async module script, which may run
 * while the page is still streaming in; the readings map comes after React's last byte (ADR 037), and hydrating
 * before it arrived drew plain text where the server drew ruby — a mismatch seen under load in the browser tests.
 */
async function hydrate() {
  // Only a やさしい日本語 page carries readings; the reader (and its requests for texts drawn later) is loaded for it
  // alone, beside the texts.
  const readingsModule = document.getElementById(pageReadingsScriptId) ? import("./rendering/browser-readings") : null;
  const i18n = await loadTexts();
  // Page titles (page-title.ts) from the same texts: `meta` runs again here, outside React.
  setTitleTranslator((each) => i18n.getFixedT(each) as (key: string, values?: Record<string, string>) => string);
  // Present exactly when the server rendered with readings, so hydration renders the same ruby (ADR 037).
  const readings = readingsModule ? (await readingsModule).browserReadingsFromDocument() : null;
  // The links to the routes' texts the server drew, read back so hydration draws the same head (ADR 156).
  const routeTexts = [...document.querySelectorAll<HTMLLinkElement>(`link[${routeTextsAttribute}]`)].map((link) => link.getAttribute("href")!);
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n.asI18n()}>
        <FuriganaReaderProvider value={readings}>
          <FuriganaScope annotate={language === "ja-easy"}>
            <StrictMode>
              <RouteTextsProvider value={routeTexts}>
                <RemixBrowser />
              </RouteTextsProvider>
            </StrictMode>
          </FuriganaScope>
        </FuriganaReaderProvider>
      </I18nextProvider>,
    );
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void hydrate(), { once: true });
else void hydrate();
