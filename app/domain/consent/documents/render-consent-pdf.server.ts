import { openPdfDocument } from "../../pdf/index.server";
import { formatJst, type ConsentDocumentInput } from "./consent-document";

// Full-width marks read naturally in Japanese and oddly in English, so each language gets its own.
const punctuation = { ja: { bullet: "・", separator: "：" }, en: { bullet: "•", separator: ": " } } as const;

const ink = "#1a1a1a";
const muted = "#4a4a4a";

/**
 * The signer's PDF copy. Deterministic — the same record always gives the same bytes (fixed dates, no random
 * ids) — because the stored copy is hashed and must be reproducible if it ever has to be regenerated.
 */
export async function renderConsentPdf(input: ConsentDocumentInput): Promise<Uint8Array<ArrayBuffer>> {
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
  const row = (label: string, value: string, options: { mono?: boolean } = {}) => {
    document.font("bold").fontSize(9).fillColor(muted).text(label);
    document.font("regular").fontSize(options.mono ? 9 : 11).fillColor(ink).text(value, { lineGap: 2 });
    document.moveDown(0.4);
  };

  document.font("bold").fontSize(18).fillColor(ink).text(input.labels.heading);
  document.font("regular").fontSize(12).text(input.programmeTitle);
  document.moveDown(0.8);
  row(labels.name, input.participantName);
  row(labels.eventType, input.eventType);

  document.moveDown(0.4);
  document.font("bold").fontSize(13).fillColor(ink).text(labels.choices);
  document.moveDown(0.3);
  const { bullet, separator } = punctuation[input.language === "en" ? "en" : "ja"];
  const hanging = 12;
  for (const choice of input.choices) {
    // A hanging indent keeps a long choice title that wraps readable as one item.
    // Start the item on a fresh page rather than leave its bullet behind when the text flows over.
    if (document.y + document.currentLineHeight(true) * 2 > bottom()) document.addPage();
    const top = document.y;
    document.font("regular").fontSize(10).fillColor(ink).text(bullet, left, top, { lineBreak: false });
    document.text(`${choice.title}${separator}`, left + hanging, top, { width: contentWidth - hanging, continued: true }).font("bold").text(choice.value, { lineGap: 2 });
    document.x = left;
  }
  document.moveDown(0.8);
  document.font("bold").fontSize(13).text(labels.statement);
  document.moveDown(0.3);
  document.font("regular").fontSize(10).text(input.signatureStatement, { lineGap: 2 });
  document.moveDown(0.8);
  drawCertificate(document, input, { left, width: contentWidth, bottom: bottom() });
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
function drawCertificate(document: PDFKit.PDFDocument, input: ConsentDocumentInput, area: { left: number; width: number; bottom: number }) {
  const rows = certificateRows(input);
  const inner = area.width - padding * 2;
  const heightOf = (style: { font: string; size: number }, text: string, lineGap: number) => document.font(style.font).fontSize(style.size).heightOfString(text, { width: inner, lineGap });
  const headingHeight = heightOf({ font: "bold", size: 13 }, input.labels.certificate, 0) + rowGap;
  const footerHeight = heightOf({ font: "regular", size: 8 }, input.labels.footer, 1);
  const rowHeights = rows.map((row) => heightOf(labelStyle, row.label, 0) + heightOf(valueStyle(row), row.value, 2) + rowGap);
  const height = padding * 2 + headingHeight + rowHeights.reduce((sum, each) => sum + each, 0) + footerHeight;
  if (document.y + height > area.bottom) document.addPage();

  const top = document.y;
  document.lineWidth(0.8).strokeColor(muted).rect(area.left, top, area.width, height).stroke();
  const x = area.left + padding;
  let y = top + padding;
  document.font("bold").fontSize(13).fillColor(ink).text(input.labels.certificate, x, y, { width: inner });
  y += headingHeight;
  rows.forEach((row, index) => {
    document.font(labelStyle.font).fontSize(labelStyle.size).fillColor(muted).text(row.label, x, y, { width: inner });
    const value = valueStyle(row);
    document.font(value.font).fontSize(value.size).fillColor(ink).text(row.value, x, document.y, { width: inner, lineGap: 2 });
    y += rowHeights[index]!;
  });
  document.font("regular").fontSize(8).fillColor(muted).text(input.labels.footer, x, y, { width: inner, lineGap: 1 });
  document.x = area.left;
  document.y = top + height;
}
