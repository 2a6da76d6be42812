import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomFeedXml } from "../../domain/kernel/index";
import { listOpenedPublicConsultations } from "../../domain/consultations/index.server";
import { listPublishedReports } from "../../domain/consultations/index.server";
import { listPublicUpdates } from "../../domain/updates/index.server";
import { getEnv } from "../../env.server";
import { translator } from "../../i18n/i18n";
import { htmlLangOf, isSupportedLanguage } from "../../i18n/languages";
import { notFound } from "../../forms/refusals.server";

/**
 * The public updates in one language as an Atom feed (ADR 038), linked from /updates, with each consultation asking
 * the public from the time it opens and each version of a consultation's report (issue 28 items 1 and 5). Public updates and consultations only.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const language = params.lang ?? "";
  if (!isSupportedLanguage(language)) throw notFound();
  const [updates, consultations, reports] = await Promise.all([listPublicUpdates({ language }), listOpenedPublicConsultations({ language }), listPublishedReports({ language })]);
  const appUrl = getEnv().APP_URL.replace(/\/$/, "");
  const t = translator(language, "updates");
  const entries = [
    ...updates.map((entry) => ({ id: `${appUrl}/updates/${entry.id}`, title: entry.title, url: `${appUrl}/updates/${entry.id}`, published: entry.publishAt, updated: entry.updatedAt, text: entry.body })),
    ...consultations.map((entry) => ({
      id: `${appUrl}/consultations/${entry.id}`,
      title: t("reader.consultationEntry", { title: entry.title }),
      url: `${appUrl}/consultations/${entry.id}`,
      published: entry.opensAt,
      updated: entry.opensAt,
      text: entry.summary,
    })),
    // Each published version of a consultation's report (ADR 063), at its own address.
    ...reports.map((entry) => {
      const url = `${appUrl}/consultations/${entry.consultationId}/report?version=${entry.version}`;
      return { id: url, title: t("reader.reportEntry", { title: entry.title, version: entry.version }), url, published: entry.publishedAt, updated: entry.publishedAt, text: entry.summary };
    }),
  ].sort((a, b) => b.published.getTime() - a.published.getTime() || a.id.localeCompare(b.id));
  const xml = atomFeedXml({
    id: `${appUrl}/updates/feed/${language}`,
    title: t("reader.feedTitle", { language: translator(language, "common")(`language.names.${language}`) }),
    language: htmlLangOf(language),
    selfUrl: `${appUrl}/updates/feed/${language}`,
    pageUrl: `${appUrl}/updates`,
    updated: entries.reduce((latest, entry) => (entry.updated > latest ? entry.updated : latest), new Date(0)),
    author: t("reader.feedAuthor"),
    entries,
  });
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
