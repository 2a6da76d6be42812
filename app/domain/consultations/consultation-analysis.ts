import { protectTable, type PublishedCount, type PublishedTable } from "../transparency";
import { consultationAudiences, scalePoints, type ConsultationAudience, type LocalizedText, type QuestionKind } from "./consultation-model";

/**
 * One column of an analysis's tables: the audiences it counts together, named by them ("participants+panel") or "all"
 * (ADR 115: a release's small audiences are counted together; consultation-releases.ts decides which).
 */
export interface AudienceColumn {
  id: string;
  audiences: ConsultationAudience[];
}

/**
 * A consultation's counts as they may be shown and published (issue 28 item 4; ADR 062): every table goes through the
 * transparency dashboard's disclosure control (ADR 044 — "<10" below ten, complementary suppression, cell key
 * perturbation), so the staff page, its CSV and JSON and the "you said, we did" report print the same protected
 * numbers and no exact count of a consultation ever leaves the server. Pure: the exact counts and their cell keys
 * come from countConsultationAnswers.
 *
 * The tables, each split into columns of audiences (ADR 115: an audience with few responses is counted together with
 * others, and an interim release has one column for all; consultation-releases.ts decides):
 * - `responses`: live responses per audience;
 * - per single-choice and scale question, and per ranked question's first choices: a cross-tabulation, answers ×
 *   audiences, whose per-audience totals are how many answered (no second table of them);
 * - per multiple-choice question: each option counted like a question of its own (a person picks several), with its
 *   total across audiences and no sum across options; beside it, how many answered the question per audience;
 * - per free-text question: how many answered it per audience;
 * - `themes`: responses with a (not hidden) free-text answer the staff gave each theme — like multiple choice, since
 *   an answer may carry several themes.
 */

export interface AnalysisQuestion {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: LocalizedText;
  options: { id: string; label: LocalizedText }[];
}

export interface AnalysisTheme {
  id: string;
  position: number;
  label: LocalizedText;
}

interface KeyedCount {
  count: number;
  key: number;
}

/** The exact counts (never shown) and the cell keys of the responses they count: what countConsultationAnswers returns. */
export interface ExactConsultationCounts {
  responses: ({ capacity: ConsultationAudience } & KeyedCount)[];
  answered: ({ questionId: string; capacity: ConsultationAudience } & KeyedCount)[];
  answers: ({ questionId: string; capacity: ConsultationAudience; option: string; rank: number | null } & KeyedCount)[];
  themes: ({ themeId: string; capacity: ConsultationAudience } & KeyedCount)[];
}

/** One published table, always read as categories (answers, options, themes) × columns of audiences. */
export interface AnalysisTable {
  /** What the categories are: answers to a question, how many answered it, responses, or themes. */
  kind: "answers" | "answered" | "responses" | "themes";
  /** The question's id; null for `responses` and `themes`. */
  questionId: string | null;
  /** Option ids, scale points ("1"…"5"), theme ids, or a single "answered" / "responses". */
  categories: string[];
  /**
   * The columns: an audience ("public"), audiences counted together ("families+panel", ADR 115) or "all". Reports
   * published before ADR 115 hold one audience per column.
   */
  audiences: string[];
  /** cells[category][column] */
  cells: PublishedCount[][];
  /** Each category across audiences; null when not published (a category that is itself the only one). */
  byCategory: PublishedCount[] | null;
  /** Each audience across categories (how many answered); null where categories are not a partition. */
  byAudience: PublishedCount[] | null;
  /** Null where a sum across categories would count people twice. */
  total: PublishedCount | null;
}

/**
 * How many responses came without an account (issue 54 item 9): the public's, since an account always answers in a
 * capacity of its own (ADR 059) — and a browser that lost its cookie can answer again, so readers may weigh them. Shown
 * as the public column's own protected count, with its share of the published total; never as a number of its own
 * where the public is counted together with another audience (it would give the other's count back).
 */
export type WithoutAccount = { kind: "shown"; count: PublishedCount; sharePercent: number | null } | { kind: "merged" } | { kind: "not_asked" };

export interface ConsultationAnalysis {
  /** The audiences the consultation asked. */
  audiences: ConsultationAudience[];
  responses: AnalysisTable;
  /**
   * Per question, its answers (null for free text) and, where the answers' table cannot say it (multiple choice, free
   * text), how many answered; for the others the answers' per-audience totals are that number.
   */
  questions: { question: AnalysisQuestion; answers: AnalysisTable | null; answered: AnalysisTable | null }[];
  themes: AnalysisTable | null;
  /** Absent in reports published before ADR 115. */
  withoutAccount?: WithoutAccount;
}

/** The categories of a question's answers table, in the order asked; null for free text. */
export function answerCategories(question: AnalysisQuestion): string[] | null {
  if (question.kind === "free_text") return null;
  if (question.kind === "scale") return scalePoints.map(String);
  return question.options.map((option) => option.id);
}

/** How a cross-tabulation (rows = categories, columns = audiences) reads. */
function fromCrosstab(kind: AnalysisTable["kind"], questionId: string | null, table: PublishedTable, audiences: string[]): AnalysisTable {
  return {
    kind,
    questionId,
    categories: table.rows,
    audiences,
    cells: table.cells,
    byCategory: table.rowTotals ?? (audiences.length === 1 ? table.cells.map((cells) => cells[0]!) : null),
    byAudience: table.columnTotals ?? (table.rows.length === 1 ? table.cells[0]! : null),
    total: table.total,
  };
}

/** How a table of questions (rows = audiences, columns = categories) reads, turned round. */
function fromQuestions(kind: AnalysisTable["kind"], questionId: string | null, table: PublishedTable, audiences: string[]): AnalysisTable {
  return {
    kind,
    questionId,
    categories: table.columns,
    audiences,
    cells: table.columns.map((_, column) => table.rows.map((_, row) => table.cells[row]![column]!)),
    byCategory: table.columnTotals,
    byAudience: null,
    total: null,
  };
}

type Lookup = Map<string, KeyedCount>;
const lookupKey = (...parts: (string | number | null)[]) => parts.map((part) => part ?? "").join("\u0000");
type CellOf = (category: string, audience: ConsultationAudience) => KeyedCount | undefined;

/**
 * A column's count and cell key: the sum over its audiences. A key is the sum of its records' keys, so the sum of the
 * audiences' keys is the key of the column's records (ADR 044), and the same responses still give the same number.
 */
function columnCell(cell: CellOf, category: string, column: AudienceColumn): KeyedCount {
  let count = 0;
  let key = 0;
  for (const audience of column.audiences) {
    const found = cell(category, audience);
    count += found?.count ?? 0;
    key += found?.key ?? 0;
  }
  return { count, key };
}

function protectCrosstab(categories: string[], columns: readonly AudienceColumn[], cell: CellOf) {
  const cells = categories.map((category) => columns.map((column) => columnCell(cell, category, column)));
  return protectTable({
    rows: categories,
    columns: columns.map((column) => column.id),
    cells: cells.map((row) => row.map((value) => value.count)),
    keys: cells.map((row) => row.map((value) => value.key)),
  });
}

function protectQuestions(categories: string[], columns: readonly AudienceColumn[], cell: CellOf) {
  const cells = columns.map((column) => categories.map((category) => columnCell(cell, category, column)));
  return protectTable({
    rows: columns.map((column) => column.id),
    columns: categories,
    cells: cells.map((row) => row.map((value) => value.count)),
    keys: cells.map((row) => row.map((value) => value.key)),
    shape: "questions",
  });
}

/** The responses without an account, as the responses table already publishes them (see WithoutAccount). */
function withoutAccountOf(asked: readonly ConsultationAudience[], responses: AnalysisTable): WithoutAccount {
  if (!asked.includes("public")) return { kind: "not_asked" };
  const column = responses.audiences.indexOf("public");
  if (column === -1) return { kind: "merged" };
  const count = responses.cells[0]![column]!;
  const total = responses.total ?? count;
  const sharePercent = count.kind === "count" && total.kind === "count" && total.value > 0 ? Math.min(100, Math.round((count.value / total.value) * 100)) : null;
  return { kind: "shown", count, sharePercent };
}

/**
 * Every table of a consultation's analysis, protected. `audiences` are those it asked; a response given in another
 * capacity cannot exist (ADR 059), and is not counted if it did. `responseColumns` split the responses table,
 * `answerColumns` every other table (consultation-releases.ts; one column of every audience unless given).
 */
export function analyseConsultation(input: {
  audiences: readonly ConsultationAudience[];
  questions: readonly AnalysisQuestion[];
  themes: readonly AnalysisTheme[];
  counts: ExactConsultationCounts;
  responseColumns?: readonly AudienceColumn[];
  answerColumns?: readonly AudienceColumn[];
}): ConsultationAnalysis {
  const audiences = consultationAudiences.filter((audience) => input.audiences.includes(audience));
  const everyAudience = (audience: ConsultationAudience): AudienceColumn => ({ id: audience, audiences: [audience] });
  const answerColumns = input.answerColumns ?? audiences.map(everyAudience);
  const responseColumns = input.responseColumns ?? answerColumns;
  const answerIds = answerColumns.map((column) => column.id);
  const responses: Lookup = new Map(input.counts.responses.map((row) => [lookupKey(row.capacity), row]));
  const answered: Lookup = new Map(input.counts.answered.map((row) => [lookupKey(row.questionId, row.capacity), row]));
  const answers: Lookup = new Map(input.counts.answers.map((row) => [lookupKey(row.questionId, row.capacity, row.option, row.rank), row]));
  const themes: Lookup = new Map(input.counts.themes.map((row) => [lookupKey(row.themeId, row.capacity), row]));

  const questions = [...input.questions]
    .sort((a, b) => a.position - b.position)
    .map((question) => {
      const categories = answerCategories(question);
      if (categories && question.kind !== "multiple_choice") {
        // A cross-tabulation's per-audience totals are how many answered: no second table of the same numbers, whose
        // cells would print a total this one withholds.
        const cell: CellOf = (option, audience) => answers.get(lookupKey(question.id, audience, option, question.kind === "ranked" ? 1 : null));
        return { question, answers: fromCrosstab("answers", question.id, protectCrosstab(categories, answerColumns, cell), answerIds), answered: null };
      }
      const answeredTable = fromCrosstab(
        "answered",
        question.id,
        protectCrosstab(["answered"], answerColumns, (_, audience) => answered.get(lookupKey(question.id, audience))),
        answerIds,
      );
      if (!categories) return { question, answers: null, answered: answeredTable };
      const options = protectQuestions(categories, answerColumns, (option, audience) => answers.get(lookupKey(question.id, audience, option, null)));
      return { question, answers: fromQuestions("answers", question.id, options, answerIds), answered: answeredTable };
    });
  const themeIds = [...input.themes].sort((a, b) => a.position - b.position).map((theme) => theme.id);
  const responsesTable = fromCrosstab(
    "responses",
    null,
    protectCrosstab(["responses"], responseColumns, (_, audience) => responses.get(lookupKey(audience))),
    responseColumns.map((column) => column.id),
  );
  return {
    audiences,
    responses: responsesTable,
    questions,
    themes: themeIds.length === 0 ? null : fromQuestions("themes", null, protectQuestions(themeIds, answerColumns, (themeId, audience) => themes.get(lookupKey(themeId, audience))), answerIds),
    withoutAccount: withoutAccountOf(audiences, responsesTable),
  };
}

/** Every table of an analysis, in the order the page and the downloads show them. */
export function analysisTables(analysis: ConsultationAnalysis): AnalysisTable[] {
  return [
    analysis.responses,
    ...analysis.questions.flatMap((entry) => [entry.answers, entry.answered].filter((table): table is AnalysisTable => table !== null)),
    ...(analysis.themes ? [analysis.themes] : []),
  ];
}
