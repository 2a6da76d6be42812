import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { loadReadingAnalyser } from "../domain/text/index.server";
import type { SupportedLanguage } from "../i18n/languages";
import { createServerPageReadings } from "./page-readings.server";

/**
 * A whole page rendered outside Remix (the offline page, the starting page): static markup with its doctype, and in
 * やさしい日本語 its kanji carrying readings, as every page's do (ADR 037).
 */
export async function renderStandalonePage(language: SupportedLanguage, page: ReactElement): Promise<string> {
  let reader = null;
  if (language === "ja-easy") {
    await loadReadingAnalyser();
    reader = createServerPageReadings().reader;
  }
  const markup = renderToStaticMarkup(
    <FuriganaReaderProvider value={reader}>
      <FuriganaScope annotate={language === "ja-easy"}>{page}</FuriganaScope>
    </FuriganaReaderProvider>,
  );
  return `<!DOCTYPE html>${markup}`;
}
