import { renderStandalonePage } from "../rendering/standalone-page.server";
import { translator } from "../i18n/i18n";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../i18n/languages";
import { DocumentHeadBasics } from "./document-head";
import { PlainNotice } from "./plain-notice";
import { appIcons, manifestPath, offlinePath, offlineStylesheetPath } from "./installable-app";

/**
 * The policy the offline page is sent with, and kept with in the service worker's cache: no script at all, so it needs
 * no nonce (a stored page cannot carry a fresh one; ADR 071 uses hashes for the same reason) and nothing can run in it.
 */
export const offlinePagePolicy = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function OfflinePage({ language }: { language: SupportedLanguage }) {
  const t = translator(language, "common");
  return (
    <html lang={htmlLangOf(language)} data-language={language} dir="ltr">
      <head>
        <DocumentHeadBasics />
        <title>{t("installableApp.offline.pageTitle")}</title>
        <link rel="stylesheet" href={offlineStylesheetPath} />
        <link rel="icon" href={appIcons.find((icon) => icon.type === "image/svg+xml")!.src} type="image/svg+xml" />
        <link rel="manifest" href={manifestPath(language)} />
      </head>
      <body>
        <PlainNotice
          brand={t("appName")}
          title={t("installableApp.offline.title")}
          body={t("installableApp.offline.body")}
          note={t("installableApp.offline.nothingStored")}
          againLabel={t("installableApp.offline.tryAgain")}
        />
        <nav className="offline__languages" aria-label={t("installableApp.offline.otherLanguages")}>
          <ul>
            {supportedLanguages
              .filter((other) => other !== language)
              .map((other) => (
                <li key={other}>
                  <a href={offlinePath(other)} lang={htmlLangOf(other)}>
                    {translator(other, "common")("language.names." + other)}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
      </body>
    </html>
  );
}

/**
 * The offline page of one language as a whole document: the same for every reader (no session, no nonce, no per-request
 * value), so the service worker may keep it. In やさしい日本語 its kanji carry readings, as every page's do (ADR 037).
 */
export function offlinePageHtml(language: SupportedLanguage): Promise<string> {
  let page = rendered.get(language);
  if (!page) {
    page = renderOfflinePage(language);
    // A failed render (the reading analyser did not load) is tried again at the next request, not remembered.
    page.catch(() => rendered.delete(language));
    rendered.set(language, page);
  }
  return page;
}

/** The same bytes for every request of a process: rendered once per language (the words change only with a deploy). */
const rendered = new Map<SupportedLanguage, Promise<string>>();

async function renderOfflinePage(language: SupportedLanguage): Promise<string> {
  return renderStandalonePage(language, <OfflinePage language={language} />);
}
