import PDFDocument from "pdfkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { SupportedLanguage } from "../../i18n/languages";

// The fonts the consent copy uses (render-consent-pdf.server.ts): Noto Sans JP, so Japanese prints anywhere.
const fontPackage = path.dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-jp/package.json"));
const regularFont = readFileSync(path.join(fontPackage, "400Regular", "NotoSansJP_400Regular.ttf"));
const boldFont = readFileSync(path.join(fontPackage, "700Bold", "NotoSansJP_700Bold.ttf"));

export const recontactLetterLabels = ["heading", "intro", "answer", "link", "footer"] as const;

export interface RecontactLetter {
  language: SupportedLanguage;
  /** The campaign's message in the participant's language. */
  message: string;
  /** `${APP_URL}/recontact/respond/${token}`. */
  link: string;
  /** The locale's `recontact:letter.*` strings in the same language. */
  labels: Record<(typeof recontactLetterLabels)[number], string>;
}

/**
 * The printable batch for a campaign's `post` deliveries (ADR 035): one A4 page per letter, each in its participant's
 * language, with the message and their own answer link, for the enrolling clinic to print and post. No name or
 * address is printed: the clinic puts the letter in an envelope from its own postal record, so the batch names no
 * one. Called by whatever fills the dispatch seam (dispatchCampaignDeliveries), which holds the tokens.
 */
export async function renderRecontactLetters(letters: readonly RecontactLetter[], options: { createdAt: Date }): Promise<Uint8Array<ArrayBuffer>> {
  const document = new PDFDocument({
    size: "A4",
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    font: regularFont as unknown as string,
    autoFirstPage: false,
    info: { Title: "Tsunagi recontact letters", Producer: "Tsunagi", Creator: "Tsunagi", CreationDate: options.createdAt, ModDate: options.createdAt },
  });
  document.registerFont("regular", regularFont);
  document.registerFont("bold", boldFont);
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    document.on("end", resolve);
    document.on("error", reject);
  });
  for (const letter of letters) {
    document.addPage();
    const { labels } = letter;
    document.font("bold").fontSize(18).fillColor("#1a1a1a").text(labels.heading);
    document.moveDown(0.6);
    document.font("regular").fontSize(12).text(labels.intro, { lineGap: 3 });
    document.moveDown(0.8);
    document.font("regular").fontSize(13).text(letter.message, { lineGap: 4 });
    document.moveDown(1);
    document.font("regular").fontSize(12).text(labels.answer, { lineGap: 3 });
    document.moveDown(0.6);
    document.font("bold").fontSize(11).text(labels.link);
    document.font("regular").fontSize(12).text(letter.link, { lineGap: 2 });
    document.moveDown(1.2);
    document.font("regular").fontSize(10).fillColor("#4a4a4a").text(labels.footer);
  }
  document.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
