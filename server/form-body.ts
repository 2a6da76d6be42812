/**
 * Whether a POST's body is a form its action can read (issue 27 item 1). Every action that reads a form calls
 * `request.formData()` (undici's parser), which throws on a body that is not form data — text/plain, JSON, multipart
 * without a boundary, broken multipart — and each such POST was a 500 with a stack trace. The edge asks the same
 * parser first, so an action only ever sees a body it can read.
 */
export type FormBodyRefusal = { status: 415; reason: "unsupported_media_type" } | { status: 400; reason: "unreadable_body" };

const urlEncoded = "application/x-www-form-urlencoded";
const multipart = "multipart/form-data";

/** The media type alone, lower-cased (`multipart/form-data` of `multipart/form-data; boundary=…`). */
export function mediaTypeOf(contentType: string | undefined | null): string {
  return (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
}

/** Null when `body` reads as a form; otherwise the refusal to answer with. */
export async function formBodyRefusal(contentType: string | undefined | null, body: Uint8Array): Promise<FormBodyRefusal | null> {
  const mediaType = mediaTypeOf(contentType);
  // A URL-encoded body always parses: a stray % or a byte that is not UTF-8 becomes U+FFFD, which the forms' own text
  // rules then refuse with their message.
  if (mediaType === urlEncoded) return null;
  if (mediaType !== multipart) return { status: 415, reason: "unsupported_media_type" };
  try {
    // The parser every action uses, on a copy of the buffered body: a 10 MB scan is parsed twice, and only a
    // coordinator's session may send one that large (request-body.ts).
    await new Request("http://edge.invalid/", { method: "POST", headers: { "Content-Type": contentType! }, body: body as Uint8Array<ArrayBuffer> }).formData();
    return null;
  } catch {
    return { status: 400, reason: "unreadable_body" };
  }
}
