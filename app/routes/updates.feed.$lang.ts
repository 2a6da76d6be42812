import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomFeedXml } from "../domain/updates/atom-feed";
import { listPublicUpdates } from "../domain/updates/list-public-updates.server";
import { getEnv } from "../env.server";
import { translator } from "../i18n/i18n";
import { htmlLangOf, isSupportedLanguage } from "../i18n/languages";

/** The public updates in one language as an Atom feed (ADR 038), linked from /updates. Public updates only. */
export async function loader({ params }: LoaderFunctionArgs) {
  const language = params.lang ?? "";
  if (!isSupportedLanguage(language)) throw new Response("Not found", { status: 404 });
  const entries = await listPublicUpdates({ language });
  const appUrl = getEnv().APP_URL.replace(/\/$/, "");
  const t = translator(language, "updates");
  const xml = atomFeedXml({
    id: `${appUrl}/updates/feed/${language}`,
    title: t("reader.feedTitle", { language: translator(language, "common")(`language.names.${language}`) }),
    language: htmlLangOf(language),
    selfUrl: `${appUrl}/updates/feed/${language}`,
    pageUrl: `${appUrl}/updates`,
    updated: entries.reduce((latest, entry) => (entry.updatedAt > latest ? entry.updatedAt : latest), new Date(0)),
    author: t("reader.feedAuthor"),
    entries: entries.map((entry) => ({ id: `${appUrl}/updates/${entry.id}`, title: entry.title, url: `${appUrl}/updates/${entry.id}`, published: entry.publishAt, updated: entry.updatedAt, text: entry.body })),
  });
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
