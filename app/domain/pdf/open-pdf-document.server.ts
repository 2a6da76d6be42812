import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Noto Sans JP (SIL OFL 1.1) from the npm registry, so a machine without system fonts still prints Japanese.
// pdfkit embeds only the glyphs used, keeping a record to a few tens of kilobytes.
const fontPackage = path.dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-jp/package.json"));
// Read and parsed once per process, for every document the app prints: given a path or the bytes, pdfkit reads and
// parses both 5 MB fonts again for each document, about 0.5 s of CPU per PDF (issue 26 measured it in every test
// that signs a consent). Given a parsed fontkit font, it only starts a new subset of it per document, so each PDF
// still embeds only its own glyphs. Parsed on first use: a process that prints nothing pays nothing.
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function parsedFonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  const parse = (file: string) => fontkit.create(readFileSync(path.join(fontPackage, file))) as fontkit.Font;
  fonts ??= { regular: parse("400Regular/NotoSansJP_400Regular.ttf"), bold: parse("700Bold/NotoSansJP_700Bold.ttf") };
  return fonts;
}

export interface OpenPdfDocument {
  /** Write to it with the fonts "regular" and "bold"; call `document.end()`, then await `bytes`. */
  document: PDFKit.PDFDocument;
  bytes: Promise<Uint8Array<ArrayBuffer>>;
}

/** A pdfkit document in Noto Sans JP (regular and bold registered, regular current), collecting its own bytes. */
export function openPdfDocument(options: Omit<PDFKit.PDFDocumentOptions, "font">): OpenPdfDocument {
  const { regular, bold } = parsedFonts();
  // pdfkit takes a parsed fontkit font wherever it takes a path (its typings say only string or bytes).
  const document = new PDFDocument({ ...options, font: regular as unknown as string });
  document.registerFont("regular", regular as unknown as string);
  document.registerFont("bold", bold as unknown as string);
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    document.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    document.on("error", reject);
  });
  return { document, bytes };
}
