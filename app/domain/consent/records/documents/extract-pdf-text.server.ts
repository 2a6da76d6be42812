import { extractText, getDocumentProxy } from "unpdf";

/** The text of a PDF, pages joined: how tests and the verification page read a consent copy. */
export async function extractPdfText(pdf: Uint8Array): Promise<string> {
  // pdf.js takes ownership of the buffer it is given and refuses Node Buffers: hand it a plain copy.
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}
