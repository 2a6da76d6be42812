import { drawRubyText, openPdfDocument, rubyTextHeight, type RubySegment } from "../../../pdf/index.server";
import { nameReadingCorrections } from "../../../text/index";
import { loadReadingAnalyser, readingSegments } from "../../../text/index.server";
import { formatJst, type ConsentDocumentInput } from "./consent-document";

// Full-width marks read naturally in Japanese and oddly in English, so each language gets its own.
const punctuation = { ja: { bullet: "・", separator: "：" }, en: { bullet: "•", separator: ": " } } as const;

const ink = "#1a1a1a";
const muted = "#4a4a4a";

type Font = "regular" | "bold";
type Readings = (text: string) => readonly RubySegment[];

/**
 * A やさしい日本語 copy is printed with furigana like the pages it was signed on (ADR 123): every text through the
 * analyser, the participant's name read as they registered it, other people's names (a proxy, a witness) plain.
 */
async function easyJapaneseReadings(input: ConsentDocumentInput): Promise<Readings> {
  await loadReadingAnalyser();
  const names = nameReadingCorrections([
    { name: input.participantName, reading: input.participantNameReading ?? null },
    ...(input.signerName ? [{ name: input.signerName }] : []),
    ...(input.witnessName ? [{ name: input.witnessName }] : []),
  ]);
  return (text) => readingSegments(text, names);
}

/**
 * The signer's PDF copy. Deterministic — the same record always gives the same bytes (fixed dates, no random
 * ids) — because the stored copy is hashed and must be reproducible if it ever has to be regenerated.
 */
export async function renderConsentPdf(input: ConsentDocumentInput): Promise<Uint8Array<ArrayBuffer>> {
  const readings = input.language === "ja-easy" ? await easyJapaneseReadings(input) : null;
  const instant = new Date(input.signedAtUtc);
  const { document, bytes } = openPdfDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    lang: input.language === "en" ? "en" : "ja",
    displayTitle: true,
    info: { Title: `${input.labels.heading} — ${input.programmeTitle}`, Producer: "Tsunagi", Creator: "Tsunagi", CreationDate: instant, ModDate: instant },
  });

  const { labels } = input;
  const left = document.page.margins.left;
  const contentWidth = document.page.width - left - document.page.margins.right;
  const bottom = () => document.page.height - document.page.margins.bottom;
  // Text flowing down the page: with readings over it in a やさしい日本語 copy, as pdfkit writes it otherwise.
  const flow = (runs: { text: string; font: Font }[], style: { size: number; color: string; lineGap?: number }, at: { x: number; width: number } = { x: left, width: contentWidth }) => {
    if (readings) {
      drawRubyText(document, runs.map((run) => ({ segments: readings(run.text), font: run.font })), { x: at.x, y: document.y, width: at.width, bottom: bottom() }, style);
      return;
    }
    const [first, ...rest] = runs;
    document.font(first!.font).fontSize(style.size).fillColor(style.color);
    if (rest.length === 0) {
      document.text(first!.text, style.lineGap ? { lineGap: style.lineGap } : {});
      return;
    }
    document.text(first!.text, at.x, document.y, { width: at.width, continued: true });
    rest.forEach((run, index) => document.font(run.font).text(run.text, index === rest.length - 1 ? { lineGap: style.lineGap } : { continued: true }));
  };
  const row = (label: string, value: string, options: { mono?: boolean } = {}) => {
    flow([{ text: label, font: "bold" }], { size: 9, color: muted });
    flow([{ text: value, font: "regular" }], { size: options.mono ? 9 : 11, color: ink, lineGap: 2 });
    document.moveDown(0.4);
  };

  flow([{ text: input.labels.heading, font: "bold" }], { size: 18, color: ink });
  flow([{ text: input.programmeTitle, font: "regular" }], { size: 12, color: ink });
  document.moveDown(0.8);
  row(labels.name, input.participantName);
  row(labels.eventType, input.eventType);

  document.moveDown(0.4);
  flow([{ text: labels.choices, font: "bold" }], { size: 13, color: ink });
  document.moveDown(0.3);
  const { bullet, separator } = punctuation[input.language === "en" ? "en" : "ja"];
  const hanging = 12;
  for (const choice of input.choices) {
    // A hanging indent keeps a long choice title that wraps readable as one item.
    // Start the item on a fresh page rather than leave its bullet behind when the text flows over.
    if (document.y + document.currentLineHeight(true) * 2 > bottom()) document.addPage();
    const top = document.y;
    document.font("regular").fontSize(10).fillColor(ink).text(bullet, left, readings ? top + 5 : top, { lineBreak: false });
    document.y = top;
    flow(
      [
        { text: `${choice.title}${separator}`, font: "regular" },
        { text: choice.value, font: "bold" },
      ],
      { size: 10, color: ink, lineGap: 2 },
      { x: left + hanging, width: contentWidth - hanging },
    );
    document.x = left;
  }
  document.moveDown(0.8);
  flow([{ text: labels.statement, font: "bold" }], { size: 13, color: ink });
  document.moveDown(0.3);
  flow([{ text: input.signatureStatement, font: "regular" }], { size: 10, color: ink, lineGap: 2 });
  document.moveDown(0.8);
  drawCertificate(document, input, { left, width: contentWidth, bottom: bottom() }, readings);
  document.end();
  return bytes;
}

type CertificateRow = { label: string; value: string; mono?: boolean };

/** What a signing certificate shows (21 CFR 11.50's manifestation, Documenso's certificate page), in print order. */
function certificateRows(input: ConsentDocumentInput): CertificateRow[] {
  const { labels } = input;
  return [
    ...(input.signerName ? [{ label: labels.signer, value: input.signerName }] : []),
    { label: labels.capacity, value: input.capacity },
    { label: labels.method, value: input.method },
    ...(input.witnessName ? [{ label: labels.witness, value: input.witnessName }] : []),
    ...(input.paperNote ? [{ label: labels.paper, value: input.paperNote }] : []),
    { label: labels.dateTime, value: formatJst(input.signedAtUtc, input.language, labels.jst) },
    { label: labels.formVersion, value: input.formVersion },
    { label: labels.formHash, value: input.formVersionHash, mono: true },
    { label: labels.eventHash, value: input.eventHash, mono: true },
    { label: labels.verificationCode, value: input.verificationCode },
    { label: labels.verifyAt, value: input.verificationUrl, mono: true },
  ];
}

const padding = 12;
const rowGap = 5;
const labelStyle = { font: "bold", size: 9 } as const;
const valueStyle = (row: CertificateRow) => ({ font: "regular", size: row.mono ? 9 : 11 }) as const;

/**
 * The certificate, boxed and never split across a page break: a verification code printed on one page with its
 * label on the next (issue 11) cannot be read as what it is. The box is measured with the fonts it will use and
 * moved whole to a new page when the rest of this one is too short.
 */
function drawCertificate(document: PDFKit.PDFDocument, input: ConsentDocumentInput, area: { left: number; width: number; bottom: number }, readings: Readings | null) {
  const rows = certificateRows(input);
  const inner = area.width - padding * 2;
  const heightOf = (style: { font: string; size: number }, text: string, lineGap: number) =>
    readings
      ? rubyTextHeight(document, [{ segments: readings(text), font: style.font as Font }], inner, { size: style.size, lineGap, color: ink })
      : document.font(style.font).fontSize(style.size).heightOfString(text, { width: inner, lineGap });
  // Each text at (x, y), `inner` wide, leaving document.y under it; never across a page (the box was measured to fit).
  const put = (style: { font: string; size: number }, color: string, text: string, y: number, lineGap?: number) => {
    if (readings) drawRubyText(document, [{ segments: readings(text), font: style.font as Font }], { x, y, width: inner }, { size: style.size, lineGap, color });
    else document.font(style.font).fontSize(style.size).fillColor(color).text(text, x, y, lineGap === undefined ? { width: inner } : { width: inner, lineGap });
  };
  const headingHeight = heightOf({ font: "bold", size: 13 }, input.labels.certificate, 0) + rowGap;
  const footerHeight = heightOf({ font: "regular", size: 8 }, input.labels.footer, 1);
  const rowHeights = rows.map((row) => heightOf(labelStyle, row.label, 0) + heightOf(valueStyle(row), row.value, 2) + rowGap);
  const height = padding * 2 + headingHeight + rowHeights.reduce((sum, each) => sum + each, 0) + footerHeight;
  if (document.y + height > area.bottom) document.addPage();

  const top = document.y;
  document.lineWidth(0.8).strokeColor(muted).rect(area.left, top, area.width, height).stroke();
  const x = area.left + padding;
  let y = top + padding;
  put({ font: "bold", size: 13 }, ink, input.labels.certificate, y);
  y += headingHeight;
  rows.forEach((row, index) => {
    put(labelStyle, muted, row.label, y);
    put(valueStyle(row), ink, row.value, document.y, 2);
    y += rowHeights[index]!;
  });
  put({ font: "regular", size: 8 }, muted, input.labels.footer, y, 1);
  document.x = area.left;
  document.y = top + height;
}
