import { translator } from "../../../i18n/i18n";
import type { SupportedLanguage } from "../../../i18n/languages";
import { drawRubyText, openPdfDocument, type RubySegment } from "../../pdf/index.server";
import { loadReadingAnalyser, readingSegments } from "../../text/index.server";
import { isSafeLink } from "../../kernel/index";
import { parseStaffMarkdown } from "../../updates";
import type { PublishedCount } from "../disclosure/disclosure-control";
import type { Figure, TransparencySnapshotView } from "../snapshot/snapshot-figures";
import { figureKeyLabel } from "../snapshot/figure-labels";
import type { ReportContent } from "./report-content";

export interface ReportPdfInput {
  language: SupportedLanguage;
  version: number;
  content: ReportContent;
  publishedAt: Date;
  /** The snapshot frozen at publication: the figures printed, its time and the chain head then. */
  snapshot: TransparencySnapshotView;
  /** The checkpoint published with this version (ADR 046), when one could be made. */
  checkpointSeq: string | null;
  /** Where this version is read online. */
  url: string;
}

const ink = "#1a1a1a";
const muted = "#4a4a4a";
const rule = "#8a8a8a";

// Building an Intl formatter costs far more than using one (ADR 028): one per language and kind, kept.
const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function format<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let found = formats.get(key) as T | undefined;
  if (!found) formats.set(key, (found = make()));
  return found;
}
const localeOf = (language: SupportedLanguage) => (language === "en" ? "en-GB" : "ja-JP");
const japanTime = (language: SupportedLanguage) =>
  format(`time ${language}`, () => new Intl.DateTimeFormat(localeOf(language), { timeZone: "Asia/Tokyo", dateStyle: "long", timeStyle: "short" }));
const monthName = (language: SupportedLanguage) => format(`month ${language}`, () => new Intl.DateTimeFormat(localeOf(language), { year: "numeric", month: "short", timeZone: "UTC" }));
const numbers = (language: SupportedLanguage) => format(`number ${language}`, () => new Intl.NumberFormat(localeOf(language)));

/** A time as the page shows it to staff: Japan time, and UTC beside it so nothing is ambiguous. */
export function reportTime(date: Date, language: SupportedLanguage): string {
  return `${japanTime(language).format(date)} JST (${date.toISOString().slice(0, 16).replace("T", " ")} UTC)`;
}

/** The figure's labels and values as the dashboard words them (app/components/transparency/figure-view.tsx). */
function figureWords(language: SupportedLanguage) {
  const figures = translator(language, "figures");
  const transparency = translator(language, "transparency");
  const label = (dimension: string, key: string, names?: Figure["keyNames"]): string =>
    figureKeyLabel({ dimension, key, names, language, t: figures as never, formatMonth: (month) => monthName(language).format(month) });
  const count = (value: PublishedCount): string => (value.kind === "count" ? numbers(language).format(value.value) : value.kind === "small" ? "<10" : transparency("figure.withheld"));
  return { figures, transparency, label, count };
}

/**
 * A figure's published table as rows of text, header first. A time series is printed with its months down the
 * page (a column per month would not fit A4 after a year), and any table still wider than the page is printed in
 * blocks of columns, the row labels repeated in each.
 */
export function figureTableBlocks(figure: Figure, language: SupportedLanguage, maxColumns = 6): string[][][] {
  const { transparency, label, count } = figureWords(language);
  const { table } = figure;
  // Nothing counted yet (a programme's first month): no table, as the page shows none.
  if (table.rows.length === 0 || table.columns.length === 0) return [];
  const rowTotals = table.rowTotals;
  const columnTotals = table.columnTotals;
  // The table as published: rows × columns, with the totals as a last column and a last row.
  const header = [transparency(`dimension.${figure.rowDimension}`), ...table.columns.map((column) => label(figure.columnDimension, column, figure.keyNames)), ...(rowTotals ? [transparency("figure.rowTotal")] : [])];
  const body = table.rows.map((row, rowIndex) => [label(figure.rowDimension, row), ...table.cells[rowIndex]!.map(count), ...(rowTotals ? [count(rowTotals[rowIndex]!)] : [])]);
  const footer = columnTotals
    ? [[transparency("figure.columnTotal"), ...columnTotals.map(count), ...(rowTotals && table.total ? [count(table.total)] : [])]]
    : table.total
      ? [[transparency("figure.total"), count(table.total), ...Array<string>(header.length - 2).fill("")]]
      : [];
  let grid = [header, ...body, ...footer];
  const transpose = figure.columnDimension === "month" || (header.length > maxColumns + 1 && grid.length < header.length);
  if (transpose) {
    const corner = transparency(`dimension.${figure.columnDimension}`);
    grid = header.map((_, columnIndex) => grid.map((line) => line[columnIndex] ?? ""));
    grid[0]![0] = corner;
  }
  const width = grid[0]!.length;
  if (width <= maxColumns + 1) return [grid];
  const blocks: string[][][] = [];
  for (let start = 1; start < width; start += maxColumns) blocks.push(grid.map((line) => [line[0]!, ...line.slice(start, start + maxColumns)]));
  return blocks;
}

interface MarkdownNode {
  type: string;
  value?: string;
  url?: string;
  alt?: string;
  depth?: number;
  ordered?: boolean;
  start?: number | null;
  children?: MarkdownNode[];
}

interface Run {
  text: string;
  bold: boolean;
}

/** The words of an inline node, with bold where the author asked for it; a link prints its address after its words. */
function inlineRuns(node: MarkdownNode, bold = false): Run[] {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return [{ text: node.value ?? "", bold }];
    case "break":
      return [{ text: "\n", bold }];
    case "strong":
      return (node.children ?? []).flatMap((child) => inlineRuns(child, true));
    case "link": {
      const words = (node.children ?? []).flatMap((child) => inlineRuns(child, bold));
      const shown = words.map((run) => run.text).join("");
      const url = node.url ?? "";
      return isSafeLink(url) && url !== shown && !url.startsWith("#") ? [...words, { text: ` <${url}>`, bold: false }] : words;
    }
    case "image":
    case "imageReference":
      return node.alt ? [{ text: node.alt, bold }] : [];
    case "html":
      // Refused on input (update-markdown.ts); text stored under older rules is dropped here, never printed as markup.
      return [];
    default:
      return (node.children ?? []).flatMap((child) => inlineRuns(child, bold));
  }
}

/**
 * Renders a published report version as a PDF in one language (ADR 048): the title, the version and when it was
 * published, the note of what changed, every section with its Markdown as headings, paragraphs and lists, each
 * embedded figure as the table of its published values ("<10" and withheld as the page shows them), and at the end
 * the snapshot's time and the chain head the numbers were computed at. Noto Sans JP (open-pdf-document.server.ts),
 * and the document's dates are the publication's, so the same version always prints the same.
 */
export async function renderReportPdf(input: ReportPdfInput): Promise<Uint8Array<ArrayBuffer>> {
  const { language, content, snapshot } = input;
  const t = translator(language, "reports");
  const words = figureWords(language);
  const title = content.title[language];
  const { document, bytes } = openPdfDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    lang: language === "en" ? "en" : "ja",
    displayTitle: true,
    info: { Title: title, Subject: t("pdf.subject", { version: input.version }), Producer: "Tsunagi", Creator: "Tsunagi", CreationDate: input.publishedAt, ModDate: input.publishedAt },
  });
  const left = document.page.margins.left;
  const width = document.page.width - left - document.page.margins.right;
  const bottom = () => document.page.height - document.page.margins.bottom;
  const ensureRoom = (height: number) => {
    if (document.y + height > bottom()) document.addPage();
  };
  // A report in やさしい日本語 is printed with furigana (ADR 123), its tables of counts excepted (a cell holds no ruby).
  let readings: ((text: string) => readonly RubySegment[]) | null = null;
  if (language === "ja-easy") {
    await loadReadingAnalyser();
    readings = (text) => readingSegments(text);
  }
  /** Draws the runs with readings at (x, the cursor) in やさしい日本語 and says so; false elsewhere, for pdfkit's own text. */
  const written = (runs: { text: string; bold?: boolean }[], style: { size: number; color?: string; lineGap?: number; x?: number; width?: number }) => {
    if (!readings) return false;
    const read = readings;
    const x = style.x ?? left;
    drawRubyText(document, runs.map((run) => ({ segments: read(run.text), font: run.bold ? ("bold" as const) : ("regular" as const) })), { x, y: document.y, width: style.width ?? width - (x - left), bottom: bottom() }, { size: style.size, color: style.color ?? ink, lineGap: style.lineGap });
    return true;
  };
  const paragraph = (runs: Run[], options: { indent?: number; size?: number; color?: string } = {}) => {
    const parts = runs.filter((run) => run.text !== "");
    if (parts.length === 0) return;
    const indent = options.indent ?? 0;
    if (written(parts, { size: options.size ?? 10.5, color: options.color, lineGap: 3, x: left + indent })) {
      document.moveDown(0.5);
      return;
    }
    document.fontSize(options.size ?? 10.5).fillColor(options.color ?? ink);
    parts.forEach((run, index) => {
      const last = index === parts.length - 1;
      document.font(run.bold ? "bold" : "regular");
      if (index === 0) document.text(run.text, left + indent, document.y, { width: width - indent, lineGap: 3, continued: !last });
      else document.text(run.text, { continued: !last });
    });
    document.x = left;
    document.moveDown(0.5);
  };

  const markdownBlock = (node: MarkdownNode, indent: number): void => {
    switch (node.type) {
      case "heading": {
        ensureRoom(40);
        const size = Math.max(11, 14 - (node.depth ?? 1));
        paragraph(inlineRuns(node, true), { indent, size });
        return;
      }
      case "paragraph":
        paragraph(inlineRuns(node), { indent });
        return;
      case "list": {
        let number = node.start ?? 1;
        for (const item of node.children ?? []) {
          const marker = node.ordered ? `${number++}.` : language === "en" ? "•" : "・";
          ensureRoom(28);
          const top = document.y;
          document.font("regular").fontSize(10.5).fillColor(ink).text(marker, left + indent, top, { width: 16, lineBreak: false });
          document.y = top;
          for (const child of item.children ?? []) markdownBlock(child, indent + 16);
        }
        return;
      }
      case "blockquote":
        for (const child of node.children ?? []) markdownBlock(child, indent + 14);
        return;
      case "code":
        paragraph([{ text: node.value ?? "", bold: false }], { indent: indent + 8, size: 9, color: muted });
        return;
      case "thematicBreak":
        ensureRoom(16);
        document.moveTo(left + indent, document.y + 4).lineTo(left + width, document.y + 4).lineWidth(0.5).strokeColor(rule).stroke();
        document.moveDown(0.8);
        return;
      case "html":
        return;
      default:
        if (node.children) for (const child of node.children) markdownBlock(child, indent);
    }
  };

  const figureTable = (figure: Figure) => {
    const heading = words.figures(`${figure.id}.title`);
    ensureRoom(90);
    if (!written([{ text: t("pdf.figure", { title: heading }), bold: true }], { size: 11.5 })) document.font("bold").fontSize(11.5).fillColor(ink).text(t("pdf.figure", { title: heading }), left, document.y, { width });
    if (!written([{ text: words.figures(`${figure.id}.description`) }], { size: 9, color: muted, lineGap: 2 })) document.font("regular").fontSize(9).fillColor(muted).text(words.figures(`${figure.id}.description`), { width, lineGap: 2 });
    document.moveDown(0.3);
    const blocks = figureTableBlocks(figure, language);
    if (blocks.length === 0) paragraph([{ text: words.transparency("figure.empty"), bold: false }], { color: muted });
    for (const block of blocks) {
      ensureRoom(60);
      document.font("regular").fontSize(8.5).fillColor(ink);
      document.table({
        position: { x: left, y: document.y },
        maxWidth: width,
        defaultStyle: { padding: [2, 4, 2, 4], border: 0.5, borderColor: rule },
        columnStyles: (index) => (index === 0 ? { width: Math.min(150, width / 3), align: { x: "left" } } : { align: { x: "right" } }),
        rowStyles: (row) => (row === 0 ? { font: { src: "bold" }, backgroundColor: "#eeeeee" } : undefined),
        data: block,
      });
      document.x = left;
      document.moveDown(0.5);
    }
    if (!written([{ text: words.transparency("figure.disclosureNote") }], { size: 8.5, color: muted, lineGap: 1 })) document.font("regular").fontSize(8.5).fillColor(muted).text(words.transparency("figure.disclosureNote"), left, document.y, { width, lineGap: 1 });
    document.moveDown(0.8);
  };

  // Title and what this version is.
  if (!written([{ text: title, bold: true }], { size: 20 })) document.font("bold").fontSize(20).fillColor(ink).text(title, left, document.y, { width });
  document.moveDown(0.3);
  if (!written([{ text: t("pdf.versionLine", { version: input.version, date: reportTime(input.publishedAt, language) }) }], { size: 10, color: muted })) {
    document.font("regular").fontSize(10).fillColor(muted).text(t("pdf.versionLine", { version: input.version, date: reportTime(input.publishedAt, language) }), { width });
  }
  if (!written([{ text: t("pdf.onlineAt", { url: input.url }) }], { size: 10, color: muted })) document.text(t("pdf.onlineAt", { url: input.url }), { width });
  document.moveDown(0.6);
  const changeNote = content.changeNote?.[language] ?? "";
  if (input.version > 1 && changeNote.trim() !== "") {
    if (!written([{ text: t("pdf.changeNote", { version: input.version }), bold: true }], { size: 12 })) document.font("bold").fontSize(12).fillColor(ink).text(t("pdf.changeNote", { version: input.version }), { width });
    if (!written([{ text: changeNote }], { size: 10.5, lineGap: 3 })) document.font("regular").fontSize(10.5).text(changeNote, { width, lineGap: 3 });
    document.moveDown(0.8);
  }

  const byId = new Map(snapshot.content.figures.map((figure) => [figure.id, figure]));
  const printed = new Set<string>();
  content.sections.forEach((section, index) => {
    ensureRoom(60);
    if (!written([{ text: `${index + 1}. ${section.heading[language]}`, bold: true }], { size: 15 })) document.font("bold").fontSize(15).fillColor(ink).text(`${index + 1}. ${section.heading[language]}`, left, document.y, { width });
    document.moveDown(0.4);
    const tree = parseStaffMarkdown(section.body[language]) as MarkdownNode;
    for (const block of tree.children ?? []) markdownBlock(block, 0);
    for (const id of section.figures) {
      const figure = byId.get(id);
      if (!figure) {
        paragraph([{ text: t("pdf.figureMissing", { title: words.figures(`${id}.title`) }), bold: false }], { color: muted });
      } else if (printed.has(id)) {
        paragraph([{ text: t("pdf.figureAbove", { title: words.figures(`${id}.title`) }), bold: false }], { color: muted });
      } else {
        printed.add(id);
        figureTable(figure);
      }
    }
    document.moveDown(0.6);
  });

  // Where the numbers come from: the snapshot and the published checkpoint, so a reader can check them against the public list.
  ensureRoom(120);
  document.moveTo(left, document.y).lineTo(left + width, document.y).lineWidth(0.5).strokeColor(rule).stroke();
  document.moveDown(0.6);
  const snapshotLine = t("pdf.snapshot", { time: reportTime(snapshot.computedAt, language), id: snapshot.id });
  const chainHeadLine = t("pdf.chainHead", { checkpoint: input.checkpointSeq ?? snapshot.chainHead.checkpointSeq ?? "—" });
  if (readings) {
    written([{ text: t("pdf.provenance"), bold: true }], { size: 11 });
    written([{ text: snapshotLine }], { size: 9, lineGap: 2 });
    written([{ text: chainHeadLine }], { size: 9, lineGap: 2 });
    document.moveDown(0.4);
    written([{ text: t("pdf.frozen") }], { size: 9, color: muted, lineGap: 2 });
  } else {
    document.font("bold").fontSize(11).fillColor(ink).text(t("pdf.provenance"), left, document.y, { width });
    document.font("regular").fontSize(9).fillColor(ink);
    document.text(snapshotLine, { width, lineGap: 2 });
    document.text(chainHeadLine, { width, lineGap: 2 });
    document.moveDown(0.4);
    document.fillColor(muted).text(t("pdf.frozen"), { width, lineGap: 2 });
  }
  document.end();
  return bytes;
}
