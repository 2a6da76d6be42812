import type { Request, Response } from "express";
import { translator } from "../app/i18n/i18n";
import { languageFromCookieHeader } from "../app/i18n/language.server";
import { htmlLangOf } from "../app/i18n/languages";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character]!);

/** "1 MB", "10 MB": the figure a person compares with their file, rounded down so it is never more than allowed. */
export function megabytes(bytes: number): string {
  return `${Math.max(1, Math.floor(bytes / 1_000_000))} MB`;
}

/**
 * 413 for a body past its limit, as a short page in the requester's language (the `lang` cookie, as every page).
 * It is answered before Remix sees the request, so it is plain HTML without the app's layout or scripts. The
 * connection is closed: the rest of the body is never read.
 */
export async function sendBodyTooLarge(request: Request, response: Response, limitBytes: number): Promise<void> {
  const language = await languageFromCookieHeader(request.get("cookie"));
  const t = translator(language, "errors");
  const title = t("page.tooLarge.title");
  const body = t("page.tooLarge.body", { limit: megabytes(limitBytes) });
  const html = `<!DOCTYPE html>
<html lang="${htmlLangOf(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Tsunagi</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
<p><a href="/">${escapeHtml(t("page.backHome"))}</a></p>
</main>
</body>
</html>
`;
  response.status(413).set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", Connection: "close" }).send(html);
}
