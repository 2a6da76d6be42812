import { translator } from "../../i18n/i18n";
import { subjectKey, subjectValues, type SentenceSubject } from "../../i18n/sentence-subject";
import { openTextDocument, type RubySegment } from "../pdf/index.server";
import { nameReadingCorrections } from "../text/index";
import { loadReadingAnalyser, readingSegments } from "../text/index.server";
import type { PlainReport } from "./report-view";

type Language = "ja" | "ja-easy" | "en";

/** Readings for やさしい日本語 (ADR 123), the person's name printed plain (a name's reading is its bearer's). */
async function readingsFor(language: Language, names: readonly string[]): Promise<((text: string) => readonly RubySegment[]) | null> {
  if (language !== "ja-easy") return null;
  await loadReadingAnalyser();
  const corrections = nameReadingCorrections(names.map((name) => ({ name })));
  return (text) => readingSegments(text, corrections);
}

function calendarDay(day: string, language: Language): string {
  const [year, month, date] = day.split("-");
  return language === "en" ? `${year}-${month}-${date}` : `${year}年${Number(month)}月${Number(date)}日`;
}

/** The glossary line of a gene, or the sentence for a gene the glossary does not hold. */
function glossaryLine(r: ReturnType<typeof translator>, gene: string): string {
  return r(`genes.${gene}`, { defaultValue: "" }) || `${gene}: ${r("glossaryMissing")}`;
}

/**
 * The participant's report page as a PDF (issue 57 item 3; ADR 137): the same sections in the same words, from the
 * same `PlainReport` (the consent rule already applied), in the reader's language with furigana in やさしい日本語.
 */
export async function renderPlainReportPdf(options: {
  plain: PlainReport;
  language: Language;
  about: SentenceSubject;
  names: readonly string[];
  explainedOn: string;
  explanationMode: string;
  clinicalPdf: boolean;
  now: Date;
}): Promise<Uint8Array<ArrayBuffer>> {
  const { plain, language, about } = options;
  const r = translator(language, "results");
  const say = (key: string, values: Record<string, string | number> = {}) => r(subjectKey(key, about), subjectValues(about, values));
  const day = (value: string) => calendarDay(value, language);
  const pdf = openTextDocument({ language, title: say("report.title"), created: options.now, none: "—", readings: await readingsFor(language, options.names) });

  pdf.title(say("report.title"));
  pdf.paragraph(say("report.explained", { date: day(options.explainedOn), mode: r(`mode.${options.explanationMode}`) }));
  pdf.paragraph(r("report.panelDate", { date: day(plain.expertPanelDate) }));

  pdf.heading(r("report.lookedForHeading"));
  pdf.paragraph(say(`area.${plain.area}`));

  pdf.heading(r("report.foundHeading"));
  pdf.paragraph(r(`conclusion.${plain.conclusion}`));
  if (plain.primaryFindings.length === 0) pdf.paragraph(r("noPrimaryFindings"));
  for (const finding of plain.primaryFindings) {
    pdf.item(finding.gene, [
      [r("finding.meaning"), r(`actionability.${finding.actionability}`)],
      [r("finding.classification"), r(`classification.${finding.classification}`)],
      [r("finding.origin"), r(`origin.${finding.origin}`)],
      [r("finding.variant"), finding.variant],
    ]);
  }

  pdf.heading(say("report.careNowHeading"));
  if (plain.careNow.length === 0) pdf.paragraph(say("careNow.none"));
  for (const implication of plain.careNow) pdf.paragraph(say(`careNow.${implication}`));

  pdf.heading(say("report.secondaryHeading"));
  for (const section of plain.secondary) {
    const category = r(`secondaryCategory.${section.category}`);
    if (!section.shown) pdf.paragraph(say("secondary.notShown", { category }));
    else if (section.findings.length === 0) pdf.paragraph(r("secondary.shownNone", { category }));
    else for (const finding of section.findings) pdf.item(`${finding.gene} — ${category}`, [[r("finding.variant"), finding.variant]]);
  }

  pdf.heading(say("report.relativesHeading"));
  pdf.paragraph(plain.concernsRelatives ? say("relatives.yes") : r("relatives.no"));

  pdf.heading(say("report.trialsHeading"));
  if (plain.trials.length === 0) pdf.paragraph(r("trials.none"));
  else {
    pdf.paragraph(say("trials.intro"));
    for (const trial of plain.trials) pdf.item(r("trials.link", { id: trial.trialId, registry: trial.registry }), [["URL", trial.url]]);
  }

  pdf.heading(r("report.nextHeading"));
  pdf.paragraph(say("next"));
  pdf.paragraph(options.clinicalPdf ? r("clinicalPdfHint") : say("clinicalPdfWithheld"));

  pdf.heading(r("report.askHeading"));
  pdf.paragraph(say("ask"));

  if (plain.genes.length > 0) {
    pdf.heading(r("report.glossaryHeading"));
    for (const gene of plain.genes) pdf.paragraph(glossaryLine(r, gene));
    pdf.paragraph(r("glossaryReviewed"));
  }
  return pdf.finish();
}

export interface RelativesLetterFinding {
  gene: string;
  variant: string;
}

/**
 * The letter a participant may give their blood relatives (cascade testing; issue 57 item 3, ADR 137), made only when
 * they ask for it and never stored: the findings they chose to include (germline ones shown on their page), what it
 * may mean for a relative and where to ask, in the letter's language, with their own message and signature if they
 * wrote them. Printed in the language they chose for the relatives, which may not be their own.
 */
export async function renderRelativesLetterPdf(options: {
  language: Language;
  findings: readonly RelativesLetterFinding[];
  message: string | null;
  signature: string | null;
  now: Date;
}): Promise<Uint8Array<ArrayBuffer>> {
  const { language } = options;
  const r = translator(language, "results");
  const pdf = openTextDocument({ language, title: r("letter.document.title"), created: options.now, none: "—", readings: await readingsFor(language, options.signature ? [options.signature] : []) });
  pdf.title(r("letter.document.title"));
  pdf.paragraph(r("letter.document.opening"));
  pdf.heading(r("letter.document.foundHeading"));
  for (const finding of options.findings) pdf.item(glossaryLine(r, finding.gene), [[r("finding.variant"), finding.variant]]);
  pdf.heading(r("letter.document.meaningHeading"));
  pdf.paragraph(r("letter.document.meaning"));
  pdf.heading(r("letter.document.whereHeading"));
  pdf.paragraph(r("letter.document.where"));
  if (options.message) {
    pdf.heading(r("letter.document.messageHeading"));
    pdf.paragraph(options.message);
  }
  pdf.moveDown(1);
  pdf.paragraph(options.signature ? r("letter.document.signed", { name: options.signature }) : r("letter.document.unsigned"));
  pdf.paragraph(r("letter.document.footer"));
  return pdf.finish();
}
