import type { Request, Response } from "express";
import { translator } from "../app/i18n/i18n";
import { languageFromHeaders } from "../app/i18n/language.server";
import { htmlLangOf } from "../app/i18n/languages";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character]!);

/** "1 MB", "10 MB": the figure a person compares with their file, rounded down so it is never more than allowed. */
export function megabytes(bytes: number): string {
  return `${Math.max(1, Math.floor(bytes / 1_000_000))} MB`;
}

/** The refusals the edge answers with a page of its own, each a `page.<key>` title and body in errors.json. */
export type RefusalPageKey = "tooLarge" | "notAForm" | "unreadableForm" | "otherOrigin";

/**
 * A short page in the requester's language (the `lang` cookie, as every page) for a request the edge refuses before
 * Remix sees it: plain HTML without the app's layout or scripts, never cached. `closeConnection` for a body left
 * unread (413): the rest of it is never read.
 */
export async function sendRefusalPage(
  request: Request,
  response: Response,
  options: { status: number; key: RefusalPageKey; values?: Record<string, string>; closeConnection?: boolean },
): Promise<void> {
  const language = await languageFromHeaders(request.get("cookie"), request.get("accept-language"));
  const t = translator(language, "errors");
  const title = t(`page.${options.key}.title`);
  const body = t(`page.${options.key}.body`, options.values ?? {});
  const html = `<!DOCTYPE html>
<html lang="${htmlLangOf(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Tsunagi</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
<p><a href="/">${escapeHtml(t("common:errorPage.backHome"))}</a></p>
</main>
</body>
</html>
`;
  response
    .status(options.status)
    .set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...(options.closeConnection ? { Connection: "close" } : {}) })
    .send(html);
}

/** 413 for a body past its limit; the connection is closed, as the rest of the body is never read. */
export function sendBodyTooLarge(request: Request, response: Response, limitBytes: number): Promise<void> {
  return sendRefusalPage(request, response, { status: 413, key: "tooLarge", values: { limit: megabytes(limitBytes) }, closeConnection: true });
}
