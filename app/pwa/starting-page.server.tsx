import { renderStandalonePage } from "../rendering/standalone-page.server";
import { translator } from "../i18n/i18n";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../i18n/languages";
import { DocumentHeadBasics } from "./document-head";
import { appIcons, offlineStylesheetPath } from "./installable-app";
import { offlinePagePolicy } from "./offline-page.server";
import { PlainNotice } from "./plain-notice";

/** No script at all: the page works as it is without JavaScript, and its policy needs no nonce. */
export const startingPagePolicy = offlinePagePolicy;

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
        <PlainNotice brand={t("appName")} title={t("starting.title")} body={t("starting.body")} note={t("starting.reload")} againLabel={t("starting.reloadNow")} />
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
  return renderStandalonePage(language, <StartingPage language={language} path={path} />);
}
