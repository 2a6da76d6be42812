import { json, type LinksFunction, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LawRecipients } from "../../components/consent/law-recipients";
import { InLanguage } from "../../components/access/names";
import { RegisterEntryFields } from "../../components/register-entry-fields";
import { listRegisterEntries } from "../../domain/access/index.server";
import { titleTranslator } from "../../i18n/title-translator";
import { supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import registerStyles from "../../styles/register.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registerStyles }];

// The register's Atom feed in each language, for feed readers (ADR 043).
export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((match) => match?.id === "root")?.data as { language?: string } | undefined;
  // Titles from the page's own texts (ADR 153): the languages' names are the same in every language.
  const t = titleTranslator(root?.language ?? "ja");
  return [
    ...pageTitle(matches, "register:title"),
    ...supportedLanguages.map((language) => ({
      tagName: "link",
      rel: "alternate",
      type: "application/atom+xml",
      hrefLang: language === "ja-easy" ? "ja" : language,
      href: `/register/feed/${language}`,
      title: t("register:feedTitle", { language: t(`common:language.names.${language}`) }),
    })),
  ];
};

/** The public register of approved data uses (issue 15 item 4; ADR 043): no sign-in, nothing about participants. */
export async function loader() {
  // The list shows no lay summary (an entry's page does, in the reader's language).
  const entries = (await listRegisterEntries()).map(({ laySummary: _summary, ...entry }) => entry);
  return json({ entries });
}

export default function Register() {
  const { t } = useTranslation(["register", "common"]);
  const { entries } = useLoaderData<typeof loader>();
  return (
    <div className="stack register-page">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {entries.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ol className="register-list" aria-label={t("listLabel")}>
          {entries.map((entry) => (
            <li key={entry.reference} className="register-entry" data-testid="register-entry" data-reference={entry.reference}>
              <article aria-labelledby={`entry-${entry.reference}`}>
                <h2 id={`entry-${entry.reference}`}>
                  <a href={`/register/${encodeURIComponent(entry.reference)}`}>
                    <span className="mono">{entry.reference}</span>&nbsp;<InLanguage text={entry.title} />
                  </a>
                </h2>
                <RegisterEntryFields entry={entry} full={false} />
              </article>
            </li>
          ))}
        </ol>
      )}
      <LawRecipients headingId="register-law-recipients-heading" />
      <section className="panel register-downloads" aria-labelledby="register-downloads-heading">
        <h2 id="register-downloads-heading">{t("downloads.heading")}</h2>
        <p>{t("downloads.body")}</p>
        <ul>
          <li>
            <a href="/register/entries.csv" download>
              {t("downloads.csv")}
            </a>
          </li>
          <li>
            <a href="/register/entries.json">{t("downloads.json")}</a>
          </li>
          {supportedLanguages.map((language) => (
            <li key={language}>
              <a href={`/register/feed/${language}`} hrefLang={language === "ja-easy" ? "ja" : language}>
                {t("downloads.feed", { language: t(`common:language.names.${language}`) })}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <p className="register-credit">{t("duoCredit")}</p>
    </div>
  );
}
