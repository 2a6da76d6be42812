import PDFDocument from "pdfkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { formatJst, formatUtc, type ConsentDocumentInput } from "./consent-document";

// Noto Sans JP (SIL OFL 1.1) from the npm registry, so a machine without system fonts still prints Japanese.
// pdfkit embeds only the glyphs used, keeping a record to a few tens of kilobytes.
const fontPackage = path.dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-jp/package.json"));
// Read once per process: pdfkit would otherwise read both 5 MB files from disk for every copy it renders.
const regularFont = readFileSync(path.join(fontPackage, "400Regular", "NotoSansJP_400Regular.ttf"));
const boldFont = readFileSync(path.join(fontPackage, "700Bold", "NotoSansJP_700Bold.ttf"));

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
  const document = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    // pdfkit takes a font's bytes wherever it takes a path (its typings say only string).
    font: regularFont as unknown as string,
    lang: input.language === "en" ? "en" : "ja",
    displayTitle: true,
    info: { Title: `${input.labels.heading} — ${input.programmeTitle}`, Producer: "Tsunagi", Creator: "Tsunagi", CreationDate: instant, ModDate: instant },
  });
  document.registerFont("regular", regularFont);
  document.registerFont("bold", boldFont);
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    document.on("end", resolve);
    document.on("error", reject);
  });

  const { labels } = input;
  const contentWidth = document.page.width - document.page.margins.left - document.page.margins.right;
  const row = (label: string, value: string, options: { mono?: boolean } = {}) => {
    document.font("bold").fontSize(9).fillColor(muted).text(label);
    document.font("regular").fontSize(options.mono ? 9 : 11).fillColor(ink).text(value, { lineGap: 2 });
    document.moveDown(0.4);
  };

  document.font("bold").fontSize(18).fillColor(ink).text(input.labels.heading);
  document.font("regular").fontSize(12).text(input.programmeTitle);
  document.moveDown(0.8);
  row(labels.name, input.printedName);
  if (input.signedFor) row(labels.signedFor, input.language === "en" ? `${input.signedFor.printedName} (${input.signedFor.relationship})` : `${input.signedFor.printedName}（${input.signedFor.relationship}）`);
  row(labels.dateTime, `${labels.jst}: ${formatJst(input.signedAtUtc, input.language)}\n${labels.utc}: ${formatUtc(input.signedAtUtc)}`);
  row(labels.method, `${input.eventType} — ${input.method}`);
  if (input.witnessName) row(labels.witness, input.witnessName);
  row(labels.formVersion, input.formVersion);
  row(labels.formHash, input.formVersionHash, { mono: true });

  document.moveDown(0.4);
  document.font("bold").fontSize(13).fillColor(ink).text(labels.choices);
  document.moveDown(0.3);
  const { bullet, separator } = punctuation[input.language === "en" ? "en" : "ja"];
  const left = document.page.margins.left;
  const hanging = 12;
  for (const choice of input.choices) {
    // A hanging indent keeps a long choice title that wraps readable as one item.
    // Start the item on a fresh page rather than leave its bullet behind when the text flows over.
    if (document.y + document.currentLineHeight(true) * 2 > document.page.height - document.page.margins.bottom) document.addPage();
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
  row(labels.eventHash, input.eventHash, { mono: true });
  row(labels.verificationCode, input.verificationCode);
  row(labels.verifyAt, input.verificationUrl, { mono: true });
  document.moveDown(0.6);
  document.font("regular").fontSize(8).fillColor(muted).text(labels.footer, { lineGap: 1 });
  document.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
