import { getDatabase, type Database } from "../../db.server";
import { sentenceSubjectFor } from "../../i18n/sentence-subject";
import { AppError } from "../kernel/index";
import { loadOwnReport, type OwnReport } from "./load-own-results.server";
import { letterFindingsOf, type LetterFinding, type RelativesLetterInput } from "./relatives-letter";
import { renderPlainReportPdf, renderRelativesLetterPdf } from "./render-report-pdf.server";

export interface LetterForm {
  report: Pick<OwnReport, "reportId" | "subject">;
  findings: LetterFinding[];
}

/**
 * The form for a letter to relatives, for a report the person may read and whose page says it may concern relatives;
 * otherwise "not found", as the report itself would be.
 */
export async function loadRelativesLetterForm(options: { userId: string; reportId: string }, db: Database = getDatabase()): Promise<LetterForm> {
  const report = await loadOwnReport(options, db);
  if (!report.relativesLetter) throw new AppError("not_found");
  const findings = letterFindingsOf(report.plain);
  return { report: { reportId: report.reportId, subject: report.subject }, findings };
}

/**
 * The letter as a PDF, made now and not kept (ADR 137): only findings the form offered may be named — a key that is not
 * one of them (a hand-made request) is refused as bad input, nothing made.
 */
export async function makeRelativesLetter(
  options: { userId: string; reportId: string; input: RelativesLetterInput; now?: Date },
  db: Database = getDatabase(),
): Promise<{ pdf: Uint8Array; fileName: string }> {
  const form = await loadRelativesLetterForm(options, db);
  const chosen = [...new Set(options.input.findings)].map((key) => form.findings.find((finding) => finding.key === key));
  if (chosen.some((finding) => finding === undefined)) throw new AppError("invalid_input");
  const pdf = await renderRelativesLetterPdf({
    language: options.input.language,
    findings: chosen as LetterFinding[],
    message: options.input.message ?? null,
    signature: options.input.signature ?? null,
    now: options.now ?? new Date(),
  });
  return { pdf, fileName: `letter-for-relatives-${options.input.language}.pdf` };
}

/** The participant's report page as a PDF in the reader's language (ADR 137). */
export async function readOwnPlainReportPdf(options: { userId: string; reportId: string; language: "ja" | "ja-easy" | "en"; now?: Date }, db: Database = getDatabase()): Promise<{ pdf: Uint8Array; fileName: string }> {
  const report = await loadOwnReport(options, db);
  const about = sentenceSubjectFor(report.subject.as === "proxy" ? { as: "proxy", name: report.subject.fullName } : { as: "self" });
  const pdf = await renderPlainReportPdf({
    plain: report.plain,
    language: options.language,
    about,
    names: [report.subject.fullName],
    explainedOn: report.explainedOn,
    explanationMode: report.explanationMode,
    clinicalPdf: report.clinicalPdf,
    now: options.now ?? new Date(),
  });
  return { pdf, fileName: `report-${report.plain.expertPanelDate}-v${report.version}-${options.language}.pdf` };
}
