/**
 * Text with furigana in a PDF (ADR 123). pdfkit has no ruby, so lines are laid out here: the text is cut into units
 * — a word with its reading, a run of Latin letters or digits, or one Japanese character, any of which a line may
 * break before — each unit as wide as the wider of its text and its reading, and the reading drawn at half size,
 * centred over its word, in a band above each line. A block's text is written before its readings, so a reader that
 * extracts the text (a screen reader, a search, copy and paste) gets its words whole, then their readings.
 */

/** One piece of a text: `reading` (hiragana) over `base` where it holds a kanji. */
export interface RubySegment {
  base: string;
  reading?: string;
}

/** A stretch of segments in one font ("regular" or "bold", as openPdfDocument registers them). */
export interface RubyRun {
  segments: readonly RubySegment[];
  font: "regular" | "bold";
  /** The run's colour, where it is not the block's (a label before its value). */
  color?: string;
}

export interface RubyTextStyle {
  size: number;
  lineGap?: number;
  color: string;
}

interface Unit {
  text: string;
  reading?: string;
  font: "regular" | "bold";
  color: string | undefined;
  width: number;
  textWidth: number;
  readingWidth: number;
  space: boolean;
}

const readingScale = 0.5;
// Words a line should not break inside: Latin, digits and what joins them (a code, a hash, an address).
const unbroken = /[A-Za-z0-9][A-Za-z0-9._:/?=&@%#+-]*|\s+|[^]/gu;
// Closing marks that must not begin a line (a simple 禁則).
const noLineStart = /^[、。，．・：；？！）」』】〕ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ)\].,:;!?]/u;

function unitsOf(document: PDFKit.PDFDocument, runs: readonly RubyRun[], size: number, width: number): Unit[] {
  const units: Unit[] = [];
  const measure = (font: string, text: string, at: number) => document.font(font).fontSize(at).widthOfString(text);
  for (const run of runs) {
    for (const segment of run.segments) {
      if (segment.reading) {
        const textWidth = measure(run.font, segment.base, size);
        const readingWidth = measure("regular", segment.reading, size * readingScale);
        units.push({ text: segment.base, reading: segment.reading, font: run.font, color: run.color, textWidth, readingWidth, width: Math.max(textWidth, readingWidth), space: false });
        continue;
      }
      for (const [piece] of segment.base.matchAll(unbroken)) {
        // A word longer than the line is cut where it must be.
        const pieces = measure(run.font, piece, size) > width ? [...piece] : [piece];
        for (const text of pieces) {
          if (/\n/.test(text)) {
            units.push({ text: "\n", font: run.font, color: run.color, textWidth: 0, readingWidth: 0, width: 0, space: true });
            continue;
          }
          const textWidth = measure(run.font, text, size);
          units.push({ text, font: run.font, color: run.color, textWidth, readingWidth: 0, width: textWidth, space: /^\s+$/.test(text) });
        }
      }
    }
  }
  return units;
}

function linesOf(units: readonly Unit[], width: number): Unit[][] {
  const lines: Unit[][] = [];
  let line: Unit[] = [];
  let used = 0;
  for (const unit of units) {
    if (unit.text === "\n") {
      lines.push(line);
      line = [];
      used = 0;
      continue;
    }
    if (line.length > 0 && used + unit.width > width && !unit.space) {
      // A closing mark goes with the character before it, onto the next line.
      const carried = noLineStart.test(unit.text) && line.length > 1 ? [line.pop()!] : [];
      lines.push(line);
      line = carried;
      used = carried.reduce((sum, each) => sum + each.width, 0);
    }
    if (line.length === 0 && unit.space) continue;
    line.push(unit);
    used += unit.width;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

function lineHeight(document: PDFKit.PDFDocument, style: RubyTextStyle): { reading: number; text: number } {
  const text = document.font("regular").fontSize(style.size).currentLineHeight(true) + (style.lineGap ?? 0);
  return { reading: style.size * readingScale * 1.15, text };
}

/** How tall the text is when drawn `width` wide. */
export function rubyTextHeight(document: PDFKit.PDFDocument, runs: readonly RubyRun[], width: number, style: RubyTextStyle): number {
  const lines = linesOf(unitsOf(document, runs, style.size, width), width);
  const height = lineHeight(document, style);
  return lines.length * (height.reading + height.text);
}

/**
 * Draws the text at (x, y), `width` wide, starting a new page where a line would pass `bottom`; leaves
 * document.x at x and document.y under the last line. On each page the block's text is written first and its
 * readings after, so the text extracted from the PDF holds a wrapped sentence whole.
 */
export function drawRubyText(document: PDFKit.PDFDocument, runs: readonly RubyRun[], area: { x: number; y: number; width: number; bottom?: number }, style: RubyTextStyle): void {
  const lines = linesOf(unitsOf(document, runs, style.size, area.width), area.width);
  const height = lineHeight(document, style);
  const pages: { line: Unit[]; y: number }[][] = [[]];
  let y = area.y;
  for (const line of lines) {
    if (area.bottom !== undefined && y + height.reading + height.text > area.bottom && y > document.page.margins.top) {
      pages.push([]);
      y = document.page.margins.top;
    }
    pages[pages.length - 1]!.push({ line, y });
    y += height.reading + height.text;
  }
  pages.forEach((placed, index) => {
    if (index > 0) document.addPage();
    const readings: { unit: Unit; x: number; y: number }[] = [];
    for (const { line, y: top } of placed) {
      let x = area.x;
      for (const unit of line) {
        document.font(unit.font).fontSize(style.size).fillColor(unit.color ?? style.color).text(unit.text, x + (unit.width - unit.textWidth) / 2, top + height.reading, { lineBreak: false });
        if (unit.reading) readings.push({ unit, x, y: top });
        x += unit.width;
      }
    }
    for (const { unit, x, y: top } of readings) {
      document.font("regular").fontSize(style.size * readingScale).fillColor(unit.color ?? style.color).text(unit.reading!, x + (unit.width - unit.readingWidth) / 2, top, { lineBreak: false });
    }
  });
  document.fillColor(style.color);
  document.x = area.x;
  document.y = y;
}

/** Draws the text where the document's cursor is, across the page between its margins, as document.text flows. */
export function flowRubyText(document: PDFKit.PDFDocument, runs: readonly RubyRun[], style: RubyTextStyle): void {
  const { margins, width, height } = document.page;
  drawRubyText(document, runs, { x: margins.left, y: document.y, width: width - margins.left - margins.right, bottom: height - margins.bottom }, style);
}
