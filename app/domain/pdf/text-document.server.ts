import { openPdfDocument } from "./open-pdf-document.server";
import { drawRubyText, type RubySegment } from "./ruby-text.server";

// Full-width marks read naturally in Japanese and oddly in English, as on the consent PDF.
const punctuation = { ja: { bullet: "・", separator: "：" }, en: { bullet: "•", separator: ": " } } as const;

const ink = "#1a1a1a";
const muted = "#4a4a4a";

export type TextValue = string | number | null | undefined;

export interface TextDocumentOptions {
  /** The reader's language: English marks for "en", Japanese ones otherwise. */
  language: string;
  title: string;
  created: Date;
  /** What an empty value or list is printed as ("None", "なし"). */
  none: string;
  /** For やさしい日本語: the readings of a text, drawn as ruby over its kanji; null prints plain text. */
  readings: ((text: string) => readonly RubySegment[]) | null;
}

/**
 * An A4 document of headings, paragraphs, labelled fields and bulleted items, in Noto Sans JP, with furigana over every
 * text when `readings` is given (ADR 123): the layout the personal-data disclosure (ADR 047) and the participant's
 * report documents (ADR 137) share. Call `finish()` for the bytes.
 */
export function openTextDocument(options: TextDocumentOptions) {
  const { language, readings, none } = options;
  const { document, bytes } = openPdfDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    lang: language === "en" ? "en" : "ja",
    displayTitle: true,
    info: { Title: options.title, Producer: "Tsunagi", Creator: "Tsunagi", CreationDate: options.created, ModDate: options.created },
  });
  const { bullet, separator } = punctuation[language === "en" ? "en" : "ja"];
  const left = document.page.margins.left;
  const width = document.page.width - left - document.page.margins.right;
  const bottom = () => document.page.height - document.page.margins.bottom;
  /** Text at (x, the cursor), `width` wide: with readings over it in やさしい日本語, as pdfkit writes it otherwise. */
  const written = (runs: { text: string; font: "regular" | "bold"; color?: string }[], size: number, at: { x: number; width: number }, lineGap?: number) => {
    if (!readings) return false;
    const read = readings;
    drawRubyText(document, runs.map((run) => ({ segments: read(run.text), font: run.font, color: run.color })), { x: at.x, y: document.y, width: at.width, bottom: bottom() }, { size, lineGap, color: ink });
    return true;
  };
  const keepTogether = (lines: number) => {
    if (document.y + document.currentLineHeight(true) * lines > bottom()) document.addPage();
  };
  const title = (text: string) => {
    if (!written([{ text, font: "bold" }], 18, { x: left, width })) document.font("bold").fontSize(18).fillColor(ink).text(text);
    document.moveDown(0.4);
  };
  const heading = (text: string) => {
    // A heading with room for its first entries under it, never alone at the foot of a page.
    keepTogether(7);
    document.moveDown(0.6);
    if (!written([{ text, font: "bold" }], 14, { x: left, width })) document.font("bold").fontSize(14).fillColor(ink).text(text, left, document.y, { width });
    document.moveDown(0.3);
  };
  const subheading = (text: string) => {
    keepTogether(3);
    document.moveDown(0.3);
    if (!written([{ text, font: "bold" }], 12, { x: left, width })) document.font("bold").fontSize(12).fillColor(ink).text(text, left, document.y, { width });
    document.moveDown(0.15);
  };
  const paragraph = (text: string) => {
    if (!written([{ text, font: "regular" }], 11, { x: left, width }, 2)) document.font("regular").fontSize(11).fillColor(ink).text(text, left, document.y, { width, lineGap: 2 });
    document.moveDown(0.3);
  };
  const field = (label: string, value: TextValue, indent = 0) => {
    keepTogether(2);
    const shown = value === null || value === undefined || value === "" ? none : String(value);
    const runs = [
      { text: `${label}${separator}`, font: "bold" as const, color: muted },
      { text: shown, font: "regular" as const },
    ];
    if (written(runs, 11, { x: left + indent, width: width - indent }, 2)) return;
    document.font("bold").fontSize(10).fillColor(muted).text(`${label}${separator}`, left + indent, document.y, { width: width - indent, continued: true, lineGap: 2 });
    document.font("regular").fontSize(11).fillColor(ink).text(shown, { lineGap: 2 });
  };
  const item = (text: string, rows: [string, TextValue][] = []) => {
    keepTogether(2 + rows.length);
    const top = document.y;
    document.font("regular").fontSize(11).fillColor(ink).text(bullet, left, readings ? top + 6 : top, { lineBreak: false });
    document.y = top;
    if (!written([{ text, font: "bold" }], 11, { x: left + 12, width: width - 12 }, 2)) document.font("bold").fontSize(11).text(text, left + 12, top, { width: width - 12, lineGap: 2 });
    for (const [label, value] of rows) field(label, value, 12);
    document.moveDown(0.25);
  };
  const list = <T>(items: readonly T[], draw: (entry: T) => void) => {
    if (items.length === 0) paragraph(none);
    for (const entry of items) draw(entry);
  };
  const finish = () => {
    document.end();
    return bytes;
  };
  return { document, title, heading, subheading, paragraph, field, item, list, finish, moveDown: (lines: number) => document.moveDown(lines) };
}
