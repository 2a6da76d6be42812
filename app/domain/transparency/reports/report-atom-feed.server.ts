import { getEnv } from "../../../env.server";
import { translator } from "../../../i18n/i18n";
import { htmlLangOf, type SupportedLanguage } from "../../../i18n/languages";
import { atomFeedXml } from "../../kernel/index";
import { listReportFeedEntries } from "./list-public-reports.server";

/**
 * The published report versions in one language as an Atom 1.0 feed (ADR 048; the programme updates' writer, ADR
 * 038): one entry per version, at its own address, its text the change note and the sections' headings as plain text.
 */
export async function reportAtomFeed(options: { language: SupportedLanguage }): Promise<string> {
  const { language } = options;
  const entries = await listReportFeedEntries({ language });
  const appUrl = getEnv().APP_URL.replace(/\/$/, "");
  const t = translator(language, "reports");
  const languageName = translator(language, "common")(`language.names.${language}`);
  return atomFeedXml({
    id: `${appUrl}/transparency/reports/feed/${language}`,
    title: t("public.feedTitle", { language: languageName }),
    language: htmlLangOf(language),
    selfUrl: `${appUrl}/transparency/reports/feed/${language}`,
    pageUrl: `${appUrl}/transparency/reports`,
    updated: entries[0]?.publishedAt ?? new Date(0),
    author: t("public.feedAuthor"),
    entries: entries.map((entry) => {
      const url = `${appUrl}/transparency/reports/${entry.slug}/v/${entry.version}`;
      const lines = [
        ...(entry.version > 1 && entry.changeNote ? [t("public.feedChangeNote", { version: entry.version, note: entry.changeNote })] : []),
        ...entry.headings.map((heading, index) => `${index + 1}. ${heading}`),
      ];
      return {
        id: url,
        title: entry.version > 1 ? t("public.feedEntryTitle", { title: entry.title, version: entry.version }) : entry.title,
        url,
        published: entry.publishedAt,
        updated: entry.publishedAt,
        text: lines.join("\n"),
      };
    }),
  });
}
