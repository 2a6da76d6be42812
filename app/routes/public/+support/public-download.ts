import { translator } from "../../../i18n/i18n";
import { getLanguage } from "../../../i18n/language.server";

/**
 * A public download (a figure, the release log): short caching, since a snapshot changes at most hourly, and nosniff.
 * Not personal data: the same bytes for every reader.
 */
export function publicDownload(body: string, file: { name: string; contentType: string; attachment: boolean }): Response {
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      ...(file.attachment ? { "Content-Disposition": `attachment; filename="${file.name}"` } : {}),
      "Cache-Control": "public, max-age=300",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A download that does not exist or a malformed ask: a short plain-text answer in the reader's language. */
export async function publicDownloadRefusal(request: Request, status: 400 | 404): Promise<Response> {
  const t = translator(await getLanguage(request), "transparency");
  return new Response(t(status === 400 ? "download.badRequest" : "download.notFound"), {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}
