import { flowRubyText, openPdfDocument } from "../pdf/index.server";
import { loadReadingAnalyser, readingSegments } from "../text/index.server";
import QRCode from "qrcode";
import type { SupportedLanguage } from "../../i18n/languages";

export const recontactLetterLabels = ["heading", "intro", "answer", "link", "scan", "reference", "footer"] as const;

export interface RecontactLetter {
  language: SupportedLanguage;
  /** The campaign's message in the participant's language. */
  message: string;
  /** `${APP_URL}/recontact/respond/${token}`. */
  link: string;
  /**
   * What the clinic matches the letter to an envelope by: its code, the participant's pseudonym and the batch
   * (`DEMO01 · TGP-7K2Q-9MXD · 1`). A pseudonym names no one to a reader outside the clinic.
   */
  reference: string;
  /** The locale's `recontact:letter.*` strings in the same language. */
  labels: Record<(typeof recontactLetterLabels)[number], string>;
}

/**
 * The printable batch for a campaign's `post` deliveries (ADR 035): one A4 page per letter, each in its participant's
 * language, with the message and their own answer link — written out and as a QR code, since a 60-character address
 * is hard to type for many readers — for the enrolling clinic to print and post. No name or address is printed: the
 * clinic puts the letter in an envelope from its own postal record, matched by the reference line, so the batch
 * names no one. Called by printRecontactLetters, the only holder of the tokens.
 */
export async function renderRecontactLetters(letters: readonly RecontactLetter[], options: { createdAt: Date }): Promise<Uint8Array<ArrayBuffer>> {
  const { document, bytes } = openPdfDocument({
    size: "A4",
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    autoFirstPage: false,
    info: { Title: "Tsunagi recontact letters", Producer: "Tsunagi", Creator: "Tsunagi", CreationDate: options.createdAt, ModDate: options.createdAt },
  });
  // A letter in やさしい日本語 is printed with furigana, as its reader sees the pages (ADR 123).
  const easy = letters.some((letter) => letter.language === "ja-easy");
  if (easy) await loadReadingAnalyser();
  for (const letter of letters) {
    document.addPage();
    const { labels } = letter;
    const write = (text: string, font: "regular" | "bold", size: number, lineGap?: number) => {
      if (letter.language === "ja-easy") flowRubyText(document, [{ segments: readingSegments(text), font }], { size, lineGap, color: "#1a1a1a" });
      else document.font(font).fontSize(size).text(text, lineGap === undefined ? {} : { lineGap });
    };
    document.fillColor("#1a1a1a");
    write(labels.heading, "bold", 18);
    document.moveDown(0.6);
    write(labels.intro, "regular", 12, 3);
    document.moveDown(0.8);
    write(letter.message, "regular", 13, 4);
    document.moveDown(1);
    write(labels.answer, "regular", 12, 3);
    document.moveDown(0.6);
    write(labels.link, "bold", 11);
    document.font("regular").fontSize(12).fillColor("#1a1a1a").text(letter.link, { lineGap: 2 });
    document.moveDown(0.8);
    write(labels.scan, "regular", 11);
    document.moveDown(0.4);
    drawQrCode(document, letter.link, { x: document.page.margins.left, y: document.y, size: 120 });
    document.y += 120 + 16;
    if (letter.language === "ja-easy") flowRubyText(document, [{ segments: readingSegments(labels.footer), font: "regular" }], { size: 10, color: "#4a4a4a" });
    else document.font("regular").fontSize(10).fillColor("#4a4a4a").text(labels.footer);
    // The clinic's reference at the foot of the page, small and out of the reader's way.
    const bottom = document.page.height - document.page.margins.bottom;
    document.font("regular").fontSize(9).fillColor("#4a4a4a").text(`${labels.reference}: ${letter.reference}`, document.page.margins.left, bottom - 12, { lineBreak: false });
    document.fillColor("#1a1a1a");
  }
  document.end();
  return bytes;
}

/** The link as a QR code drawn in vectors (crisp at any printer's resolution), with its quiet zone. */
function drawQrCode(document: PDFKit.PDFDocument, text: string, at: { x: number; y: number; size: number }): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const quiet = 4;
  const cell = at.size / (modules.size + quiet * 2);
  document.save();
  document.rect(at.x, at.y, at.size, at.size).fill("#ffffff");
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) document.rect(at.x + (column + quiet) * cell, at.y + (row + quiet) * cell, cell, cell);
    }
  }
  document.fill("#000000");
  document.restore();
}
