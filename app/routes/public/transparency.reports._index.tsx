import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DateTime } from "../../components/date-time";
import { listPublicReports, publicReportsMaxPage } from "../../domain/transparency/index.server";
import { titleTranslator } from "../../i18n/title-translator";
import { getLanguage } from "../../i18n/language.server";
import { supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import { ReportErrorBoundary } from "../../routes-support/reports/report-document";
import updateStyles from "../../styles/updates.css?url";
import { badRequest, notFound } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: updateStyles }];

// The Atom feed of the published reports in each language, for feed readers (ADR 048).
export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((match) => match?.id === "root")?.data as { language?: string } | undefined;
  // Titles from the page's own texts (ADR 153): the languages' names are the same in every language.
  const t = titleTranslator(root?.language ?? "ja");
  return [
    ...pageTitle(matches, "reports:public.title"),
    ...supportedLanguages.map((language) => ({
      tagName: "link",
      rel: "alternate",
      type: "application/atom+xml",
      hrefLang: language === "ja-easy" ? "ja" : language,
      href: `/transparency/reports/feed/${language}`,
      title: t("reports:public.feedTitle", { language: t(`common:language.names.${language}`) }),
    })),
  ];
};

/** `?page=` 1–1000; anything else (a word, 0, a second `page`) is a malformed ask. */
const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(publicReportsMaxPage).default(1) });

/** The published reports, newest first (issue 16 item 2; ADR 048). Public: no sign-in, no JavaScript needed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = QuerySchema.safeParse({ page: url.searchParams.get("page") ?? undefined });
  if (!query.success || url.searchParams.getAll("page").length > 1) throw badRequest();
  const list = await listPublicReports({ language: await getLanguage(request), page: query.data.page });
  if (list.page > 1 && list.items.length === 0) throw notFound();
  return json({ list });
}

export const ErrorBoundary = ReportErrorBoundary;

export default function PublicReports() {
  const { t } = useTranslation(["reports", "common"]);
  const { list } = useLoaderData<typeof loader>();
  return (
    <div className="stack updates-page">
      <p>
        <a href="/transparency">{t("public.dashboard")}</a>
      </p>
      <h1>{t("public.title")}</h1>
      <p>{t("public.intro")}</p>
      {list.items.length === 0 ? (
        <p>{t("public.empty")}</p>
      ) : (
        <ol className="update-list" aria-label={t("public.listLabel")}>
          {list.items.map((item) => (
            <li key={item.slug} className="update-item" data-testid="report-item">
              <a href={`/transparency/reports/${item.slug}`} className="update-item__title">
                {item.title}
              </a>
              <span className="update-item__meta">
                <span>
                  {t("public.versionPublished", { version: item.version })} <DateTime value={item.publishedAt} />
                </span>
                {item.version > 1 ? (
                  <>
                    <span>
                      {t("public.firstPublished")} <DateTime value={item.firstPublishedAt} />
                    </span>
                    <span className="update-badge">{t("public.corrected")}</span>
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      )}
      {list.page > 1 || list.hasNext ? (
        <nav aria-label={t("public.pagesLabel")} className="update-pages">
          {list.page > 1 ? (
            <a href={`/transparency/reports?page=${list.page - 1}`} rel="prev">
              {t("public.newer")}
            </a>
          ) : null}
          <span>{t("public.pageNumber", { page: list.page })}</span>
          {list.hasNext ? (
            <a href={`/transparency/reports?page=${list.page + 1}`} rel="next">
              {t("public.older")}
            </a>
          ) : null}
        </nav>
      ) : null}
      <section className="stack" aria-labelledby="feeds-heading">
        <h2 id="feeds-heading">{t("public.feedsHeading")}</h2>
        <ul>
          {supportedLanguages.map((language) => (
            <li key={language}>
              <a href={`/transparency/reports/feed/${language}`} type="application/atom+xml">
                {t("public.feedLink", { language: t(`common:language.names.${language}`) })}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
