import type { Figure } from "./snapshot-figures";

/** A translation function as both i18next's `t` and the PDF's translator are. */
type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A row or column key in words, one definition for the dashboard (figure-view.tsx) and the report's PDF
 * (render-report-pdf.server.ts): a month as a date in the reader's language, a form version, a facility's statement by
 * the facility's name as the figure carries it (ADR 150), else `figures:dimensions.<dimension>.<key>`.
 */
export function figureKeyLabel(options: { dimension: string; key: string; names?: Figure["keyNames"]; language: string; t: Translate; formatMonth: (month: Date) => string }): string {
  const { dimension, key, t } = options;
  if (dimension === "month" && /^\d{4}-\d{2}$/.test(key)) return options.formatMonth(new Date(`${key}-01T00:00:00Z`));
  if (dimension === "version") return t("transparency:figure.version", { version: key });
  if (dimension === "facilityQuestion") {
    const [code = "", question = ""] = key.split(":");
    const name = options.names?.[code];
    return t("transparency:figure.facilityQuestion", { facility: name ? (options.language === "en" ? name.en : name.ja) : code, question: t(`figures:dimensions.surveyQuestion.${question}`, { defaultValue: question }) });
  }
  return t(`figures:dimensions.${dimension}.${key}`, { defaultValue: key });
}
