import PDFDocument from "pdfkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Noto Sans JP (SIL OFL 1.1) from the npm registry, so a machine without system fonts still prints Japanese.
// pdfkit embeds only the glyphs used, keeping a record to a few tens of kilobytes.
const fontPackage = path.dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-jp/package.json"));
// Read once per process, for every document the app prints: pdfkit would otherwise read both 5 MB files from disk
// for each one, and two renderers reading them each would hold them twice.
const regularFont = readFileSync(path.join(fontPackage, "400Regular", "NotoSansJP_400Regular.ttf"));
const boldFont = readFileSync(path.join(fontPackage, "700Bold", "NotoSansJP_700Bold.ttf"));

export interface OpenPdfDocument {
  /** Write to it with the fonts "regular" and "bold"; call `document.end()`, then await `bytes`. */
  document: PDFKit.PDFDocument;
  bytes: Promise<Uint8Array<ArrayBuffer>>;
}

/** A pdfkit document in Noto Sans JP (regular and bold registered, regular current), collecting its own bytes. */
export function openPdfDocument(options: Omit<PDFKit.PDFDocumentOptions, "font">): OpenPdfDocument {
  // pdfkit takes a font's bytes wherever it takes a path (its typings say only string).
  const document = new PDFDocument({ ...options, font: regularFont as unknown as string });
  document.registerFont("regular", regularFont);
  document.registerFont("bold", boldFont);
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    document.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    document.on("error", reject);
  });
  return { document, bytes };
}
