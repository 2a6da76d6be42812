import { stringify } from "csv-stringify/sync";
import { describeDisclosureControl, publishedCountJson, publishedCountText, type PublishedCount } from "../transparency";
import type { AnalysisTable } from "./consultation-analysis";
import type { ConsultationAnalysisView } from "./load-consultation-analysis.server";
import type { LocalizedText } from "./consultation-model";
import { analysisTables } from "./consultation-analysis";

/**
 * A consultation's analysis as files for machines (issue 28 item 4; ADR 062): CSV (one row per count, each row standing
 * on its own) and JSON (the tables as the page shows them). Pure, and only ever fed the protected tables, so a count
 * is written as its number, "<10" or "withheld" — the same as on the page, which is the same as the report.
 */

const ALL = "all";

/** What a category of a table is called: an option's or a theme's label, a scale point, or the table's own word. */
function categoryLabel(view: Pick<ConsultationAnalysisView, "analysis" | "themes">, table: AnalysisTable, category: string): LocalizedText | null {
  if (table.kind === "themes") return view.themes.find((theme) => theme.id === category)?.label ?? null;
  if (table.kind !== "answers") return null;
  const question = view.analysis.questions.find((entry) => entry.question.id === table.questionId)?.question;
  return question?.options.find((option) => option.id === category)?.label ?? null;
}

const positionOf = (view: Pick<ConsultationAnalysisView, "analysis">, table: AnalysisTable) =>
  table.questionId ? (view.analysis.questions.find((entry) => entry.question.id === table.questionId)?.question.position ?? null) : null;

export const analysisCsvColumns = ["consultation_id", "counted_at", "table", "question_position", "question_id", "category", "label_ja", "label_en", "audience", "count"] as const;

/** RFC 4180, CRLF, a header row; a category's total across audiences is audience "all", an audience's total category "all". */
export function consultationAnalysisCsv(view: ConsultationAnalysisView): string {
  const rows: (string | number)[][] = [];
  for (const table of analysisTables(view.analysis)) {
    const position = positionOf(view, table) ?? "";
    const push = (category: string, audience: string, count: PublishedCount) => {
      const label = category === ALL ? null : categoryLabel(view, table, category);
      rows.push([view.consultation.id, view.countedAt.toISOString(), table.kind, position, table.questionId ?? "", category, label?.ja ?? "", label?.en ?? "", audience, publishedCountText(count)]);
    };
    table.categories.forEach((category, row) => {
      table.audiences.forEach((audience, column) => push(category, audience, table.cells[row]![column]!));
      if (table.byCategory && table.audiences.length > 1) push(category, ALL, table.byCategory[row]!);
    });
    if (table.byAudience && table.categories.length > 1) table.audiences.forEach((audience, column) => push(ALL, audience, table.byAudience![column]!));
    if (table.total && table.categories.length > 1 && table.audiences.length > 1) push(ALL, ALL, table.total);
  }
  return stringify(rows, { header: true, columns: [...analysisCsvColumns], record_delimiter: "\r\n" });
}

/** The tables as JSON, with the consultation, when they were counted, and how they were protected. */
export function consultationAnalysisJson(view: ConsultationAnalysisView) {
  const counts = (values: PublishedCount[] | null) => (values ? values.map(publishedCountJson) : null);
  return {
    consultation: { id: view.consultation.id, title: view.consultation.title, status: view.consultation.status, opensAt: view.consultation.opensAt.toISOString(), closesAt: view.consultation.closesAt.toISOString() },
    countedAt: view.countedAt.toISOString(),
    disclosureControl: describeDisclosureControl("While a consultation is open its counts change as responses arrive, are edited or are withdrawn; the same responses always give the same numbers."),
    themes: view.themes.map((theme) => ({ id: theme.id, position: theme.position, label: theme.label })),
    tables: analysisTables(view.analysis).map((table) => ({
      kind: table.kind,
      questionId: table.questionId,
      questionPosition: positionOf(view, table),
      categories: table.categories.map((category) => ({ id: category, label: categoryLabel(view, table, category) })),
      audiences: table.audiences,
      cells: table.cells.map((row) => row.map(publishedCountJson)),
      byCategory: counts(table.byCategory),
      byAudience: counts(table.byAudience),
      total: table.total ? publishedCountJson(table.total) : null,
    })),
  };
}
