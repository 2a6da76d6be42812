import { stringify } from "csv-stringify/sync";
import { describeDisclosureControl, publishedCountJson, publishedCountText, type PublishedCount } from "../transparency";
import type { AnalysisTable } from "./consultation-analysis";
import type { ConsultationAnalysisView } from "./load-consultation-analysis.server";
import type { LocalizedText } from "./consultation-model";
import { analysisTables } from "./consultation-analysis";
import { AUDIENCE_COLUMN_MINIMUM, RELEASE_STEP } from "./consultation-releases";

/**
 * A consultation's analysis as files for machines (issue 28 item 4; ADR 062): CSV (one row per count, each row standing
 * on its own) and JSON (the tables as the page shows them). Pure, and only ever fed a stored release's protected tables
 * (ADR 115), so a count is written as its number, "<10" or "withheld" — the same as on the page and in the report.
 * Before the first release there is nothing to write but the header (CSV) or `release: null` (JSON).
 */

const ALL = "all";

/** What a category of a table is called: an option's or a theme's label, a scale point, or the table's own word. */
function categoryLabel(view: Pick<ConsultationAnalysisView, "analysis" | "themes">, table: AnalysisTable, category: string): LocalizedText | null {
  if (table.kind === "themes") return view.themes.find((theme) => theme.id === category)?.label ?? null;
  if (table.kind !== "answers") return null;
  const question = view.analysis?.questions.find((entry) => entry.question.id === table.questionId)?.question;
  return question?.options.find((option) => option.id === category)?.label ?? null;
}

const positionOf = (view: Pick<ConsultationAnalysisView, "analysis">, table: AnalysisTable) =>
  table.questionId ? (view.analysis?.questions.find((entry) => entry.question.id === table.questionId)?.question.position ?? null) : null;

export const analysisCsvColumns = [
  "consultation_id",
  "release",
  "release_kind",
  "released_at",
  "table",
  "question_position",
  "question_id",
  "category",
  "label_ja",
  "label_en",
  "audience",
  "count",
] as const;

/**
 * RFC 4180, CRLF, a header row; a category's total across columns is audience "all", a column's total category "all".
 * An audience column may hold several audiences counted together ("families+panel"). The responses without an account
 * are the row of table "without_account" (the public's count, where the public is a column of its own).
 */
export function consultationAnalysisCsv(view: ConsultationAnalysisView): string {
  const rows: (string | number)[][] = [];
  const { release, analysis } = view;
  if (release && analysis) {
    const lead = [view.consultation.id, release.number, release.kind, release.releasedAt.toISOString()];
    for (const table of analysisTables(analysis)) {
      const position = positionOf(view, table) ?? "";
      const push = (category: string, audience: string, count: PublishedCount) => {
        const label = category === ALL ? null : categoryLabel(view, table, category);
        rows.push([...lead, table.kind, position, table.questionId ?? "", category, label?.ja ?? "", label?.en ?? "", audience, publishedCountText(count)]);
      };
      table.categories.forEach((category, row) => {
        table.audiences.forEach((audience, column) => push(category, audience, table.cells[row]![column]!));
        if (table.byCategory && table.audiences.length > 1) push(category, ALL, table.byCategory[row]!);
      });
      if (table.byAudience && table.categories.length > 1) table.audiences.forEach((audience, column) => push(ALL, audience, table.byAudience![column]!));
      if (table.total && table.categories.length > 1 && table.audiences.length > 1) push(ALL, ALL, table.total);
    }
    if (analysis.withoutAccount?.kind === "shown") rows.push([...lead, "without_account", "", "", "responses", "", "", "public", publishedCountText(analysis.withoutAccount.count)]);
  }
  return stringify(rows, { header: true, columns: [...analysisCsvColumns], record_delimiter: "\r\n" });
}

/** How the figures were released, as the JSON states it beside the method. */
function releaseNote(view: ConsultationAnalysisView): string {
  return [
    `Figures are released, not counted live (ADR 115): while the consultation is open, at most once a day at midnight Japan time, once at least ${RELEASE_STEP} responses have come in since the last release, counting the responses received before then except the ${RELEASE_STEP} most recent, for all audiences together; at the close, every response, split by audience; after it, when staff count the themes again.`,
    `An audience with fewer than ${AUDIENCE_COLUMN_MINIMUM} responses is counted together with others ("families+panel", or "all").`,
    view.release ? `This is release ${view.release.number} (${view.release.kind}).` : "No figures have been released yet.",
  ].join(" ");
}

/** The tables as JSON, with the consultation, the release they are, and how they were protected. */
export function consultationAnalysisJson(view: ConsultationAnalysisView) {
  const counts = (values: PublishedCount[] | null) => (values ? values.map(publishedCountJson) : null);
  const withoutAccount = view.analysis?.withoutAccount;
  return {
    consultation: { id: view.consultation.id, title: view.consultation.title, status: view.consultation.status, opensAt: view.consultation.opensAt.toISOString(), closesAt: view.consultation.closesAt.toISOString() },
    release: view.release
      ? { number: view.release.number, kind: view.release.kind, pointAt: view.release.pointAt.toISOString(), releasedAt: view.release.releasedAt.toISOString() }
      : null,
    nextReleaseFrom: view.nextPointAt?.toISOString() ?? null,
    disclosureControl: describeDisclosureControl(releaseNote(view)),
    themes: view.themes.map((theme) => ({ id: theme.id, position: theme.position, label: theme.label })),
    // The public's responses: a browser that lost its cookie can answer again (ADR 059), so these count responses.
    withoutAccount: !withoutAccount
      ? null
      : withoutAccount.kind === "shown"
        ? { shown: true, responses: publishedCountJson(withoutAccount.count), sharePercent: withoutAccount.sharePercent }
        : { shown: false, reason: withoutAccount.kind === "merged" ? `counted together with audiences of fewer than ${AUDIENCE_COLUMN_MINIMUM} responses` : "the public was not asked" },
    tables: (view.analysis ? analysisTables(view.analysis) : []).map((table) => ({
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
