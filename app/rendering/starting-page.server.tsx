import { renderToStaticMarkup } from "react-dom/server";
import { FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { loadReadingAnalyser } from "../domain/text/furigana/reading-analyser.server";
import { translator } from "../i18n/i18n";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../i18n/languages";
import { DocumentHeadBasics } from "../pwa/document-head";
import { appIcons, offlineStylesheetPath } from "../pwa/installable-app";
import { createServerPageReadings } from "./page-readings.server";

/** No script at all: the page works as it is without JavaScript, and its policy needs no nonce. */
export const startingPagePolicy =
  "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function StartingPage({ language, path }: { language: SupportedLanguage; path: string }) {
  const t = translator(language, "common");
  return (
    <html lang={htmlLangOf(language)} data-language={language} dir="ltr">
      <head>
        <DocumentHeadBasics />
        <title>{t("starting.pageTitle")}</title>
        {/* The offline page's stylesheet: a page of the same kind, plain and without the app's layout (ADR 109). */}
        <link rel="stylesheet" href={offlineStylesheetPath} />
        <link rel="icon" href={appIcons.find((icon) => icon.type === "image/svg+xml")!.src} type="image/svg+xml" />
      </head>
      <body>
        <main className="offline" id="main">
          <p className="offline__brand">{t("appName")}</p>
          <h1>{t("starting.title")}</h1>
          <p>{t("starting.body")}</p>
          <p className="offline__stored">{t("starting.reload")}</p>
          {/* An empty href is this very address, asked again: a reload that needs no script. */}
          <p>
            <a className="offline__button" href="">
              {t("starting.reloadNow")}
            </a>
          </p>
        </main>
        <nav className="offline__languages" aria-label={t("starting.otherLanguages")}>
          <ul>
            {supportedLanguages
              .filter((other) => other !== language)
              .map((other) => (
                <li key={other}>
                  {/* The app's own language switch (routes/auth/language.tsx), back to this page. */}
                  <form noValidate method="post" action="/language">
                    <input type="hidden" name="language" value={other} />
                    <input type="hidden" name="redirectTo" value={path} />
                    <button type="submit" lang={htmlLangOf(other)}>
                      {translator(other, "common")("language.names." + other)}
                    </button>
                  </form>
                </li>
              ))}
          </ul>
        </nav>
      </body>
    </html>
  );
}

/**
 * The page `npm start` serves in place of the landing and sign-in pages until the demo's accounts exist (issue 55): it
 * says the demo is being prepared and to reload. `path` is the page asked for (`/` or `/sign-in`), where a change of
 * language returns. In やさしい日本語 its kanji carry readings, as every page's do (ADR 037).
 */
export async function startingPageHtml(language: SupportedLanguage, path: "/" | "/sign-in"): Promise<string> {
  let reader = null;
  if (language === "ja-easy") {
    await loadReadingAnalyser();
    reader = createServerPageReadings().reader;
  }
  const markup = renderToStaticMarkup(
    <FuriganaReaderProvider value={reader}>
      <FuriganaScope annotate={language === "ja-easy"}>
        <StartingPage language={language} path={path} />
      </FuriganaScope>
    </FuriganaReaderProvider>,
  );
  return `<!DOCTYPE html>${markup}`;
}
