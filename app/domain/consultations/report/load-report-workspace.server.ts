import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { consultationStatus, type ConsultationAudience, type ConsultationStatus, type LocalizedText } from "../consultation-model";
import { publicationGaps, quotationKey, type DecisionView } from "../consultation-report";
import { uuidPattern } from "../../kernel/index";
import { readDecisions } from "./read-decisions.server";
import { reportVersionOf, type ReportVersionRow } from "./report-rows.server";

export const quotableAnswersPerPage = 25;

function withoutDocument({ document: _document, ...rest }: ReportVersionRow): Omit<ReportVersionRow, "document"> {
  return rest;
}

export interface QuotableAnswer {
  key: string;
  text: string;
  capacity: ConsultationAudience;
  questionPosition: number;
  themeIds: string[];
  quoted: boolean;
}

export interface ReportWorkspace {
  consultation: { id: string; title: LocalizedText; status: ConsultationStatus; closesAt: Date };
  themes: { id: string; label: LocalizedText }[];
  /** The newest version: the draft being written, or the last published; none before the report is started. */
  newest: Omit<ReportVersionRow, "document"> | null;
  published: { version: number; publishedAt: Date }[];
  gaps: ReturnType<typeof publicationGaps>;
  decisions: DecisionView[];
  /** The answers quoted in the newest version, with their words. */
  quoted: QuotableAnswer[];
  /** Approved answers to choose quotations from: those given a theme (or none), a page at a time. */
  answers: { filter: string; page: number; pages: number; items: QuotableAnswer[] };
}

/**
 * The staff report page's view (issue 28 item 5; ADR 063): the consultation, its themes, the newest report version
 * and what keeps it from publication, the decisions with their history, and approved answers to quote — only their
 * redacted words, as publication would print them. `filter` is a theme id or "none" (answers with no theme).
 */
export async function loadReportWorkspace(
  input: { consultationId: string; filter?: string | null; page?: number; now?: Date },
  db: Database = getDatabase(),
): Promise<ReportWorkspace> {
  const now = input.now ?? new Date();
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  const consultation = await db.consultation.findUnique({
    where: { id: input.consultationId },
    select: { id: true, title: true, publishedAt: true, opensAt: true, closesAt: true, themes: { orderBy: { position: "asc" }, select: { id: true, label: true } } },
  });
  if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
  const versions = await db.consultationReportVersion.findMany({ where: { consultationId: consultation.id }, orderBy: { version: "desc" } });
  const newest = versions[0] ? reportVersionOf(versions[0]) : null;
  const themes = consultation.themes.map((theme) => ({ id: theme.id, label: theme.label as unknown as LocalizedText }));
  const filter = input.filter === "none" || themes.some((theme) => theme.id === input.filter) ? input.filter! : (themes[0]?.id ?? "none");
  const quotedKeys = new Set((newest?.quotations ?? []).map(quotationKey));

  const approved = { moderation: "approved" as const, response: { consultationId: consultation.id, withdrawnAt: null } };
  const where = filter === "none" ? { ...approved, themes: { none: {} } } : { ...approved, themes: { some: { themeId: filter } } };
  const total = await db.consultationAnswerText.count({ where });
  const pages = Math.max(1, Math.ceil(total / quotableAnswersPerPage));
  const page = Math.min(Math.max(1, Math.trunc(input.page ?? 1)), pages);
  const select = { responseId: true, questionId: true, redactedText: true, response: { select: { capacity: true, submittedAt: true } }, themes: { select: { themeId: true } } } as const;
  const questions = new Map((await db.consultationQuestion.findMany({ where: { consultationId: consultation.id }, select: { id: true, position: true } })).map((question) => [question.id, question.position]));
  const shape = (row: { responseId: string; questionId: string; redactedText: string; response: { capacity: string }; themes: { themeId: string }[] }): QuotableAnswer => ({
    key: quotationKey(row),
    text: row.redactedText,
    capacity: row.response.capacity as ConsultationAudience,
    questionPosition: questions.get(row.questionId) ?? 0,
    themeIds: row.themes.map((theme) => theme.themeId),
    quoted: quotedKeys.has(quotationKey(row)),
  });
  const items = await db.consultationAnswerText.findMany({
    where,
    select,
    orderBy: [{ response: { submittedAt: "asc" } }, { responseId: "asc" }, { questionId: "asc" }],
    skip: (page - 1) * quotableAnswersPerPage,
    take: quotableAnswersPerPage,
  });
  const quotedRows = newest?.quotations.length
    ? await db.consultationAnswerText.findMany({ where: { ...approved, OR: newest.quotations.map((ref) => ({ responseId: ref.responseId, questionId: ref.questionId })) }, select })
    : [];
  const quotedByKey = new Map(quotedRows.map((row) => [quotationKey(row), shape(row)]));
  return {
    consultation: { id: consultation.id, title: consultation.title as unknown as LocalizedText, status: consultationStatus(consultation, now), closesAt: consultation.closesAt },
    themes,
    newest: newest ? withoutDocument(newest) : null,
    published: versions.filter((row) => row.status === "published").map((row) => ({ version: row.version, publishedAt: row.publishedAt! })),
    gaps: newest && newest.status === "draft" ? publicationGaps(newest) : [],
    decisions: await readDecisions(db, consultation.id),
    quoted: (newest?.quotations ?? []).flatMap((ref) => quotedByKey.get(quotationKey(ref)) ?? []),
    answers: { filter, page, pages, items: items.map(shape) },
  };
}
