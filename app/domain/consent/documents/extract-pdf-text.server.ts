import { extractText, getDocumentProxy } from "unpdf";

/** The text of a PDF, pages joined: how tests and the verification page read a consent copy. */
export async function extractPdfText(pdf: Uint8Array): Promise<string> {
  // pdf.js takes ownership of the buffer it is given; hand it a copy so the caller's bytes stay usable.
  const document = await getDocumentProxy(pdf.slice());
  const { text } = await extractText(document, { mergePages: true });
  return text;
}
