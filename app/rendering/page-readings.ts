import type { EncodedSegments } from "../domain/text/index";

/** The id of the JSON script that carries a page's readings from the server render to the browser's hydration. */
export const pageReadingsScriptId = "furigana-readings";

/** Key (readingKey: the text, plus its corrections if any) → segments, as embedded in the page. */
export type PageReadings = Record<string, EncodedSegments>;

/**
 * JSON safe inside a <script> element: every <, > and & escaped, so no text (participants' and authors' included)
 * can close the element or open a comment; U+2028/2029 too, for older parsers. JSON.parse reads it back unchanged.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
