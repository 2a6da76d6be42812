import { json } from "@remix-run/node";
import { isReportSlug } from "../../domain/transparency/index";
import { loadReportVersion } from "../../domain/transparency/index.server";
import { translator } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { badRequest } from "../../forms/refusals.server";

/** A version number as it may appear in an address: 1 to 999999, no sign, no leading zero. */
export const versionParamPattern = /^[1-9]\d{0,5}$/;

/**
 * The loader of a public report page (ADR 048): the newest published version at /transparency/reports/<slug>, or one
 * version at …/v/<n>. A malformed address (a slug or version that could name nothing) is 400, one that names
 * nothing published is 404 — each a translated page (the route's ErrorBoundary).
 */
export async function reportPageLoader(request: Request, params: { slug?: string; version?: string }) {
  const slug = params.slug ?? "";
  if (!isReportSlug(slug)) throw badRequest();
  if (params.version !== undefined && !versionParamPattern.test(params.version)) throw badRequest();
  const language = await getLanguage(request);
  // A version that names nothing published is the adapter's 404 page; `invalid_input` its 400 (ADR 131).
  const report = await loadReportVersion({ slug, version: params.version === undefined ? undefined : Number(params.version), language });
  return json({ report, language });
}

/**
 * A PDF or feed address that could not name a file (400) or names none (404): a short plain-text answer in the
 * reader's language, like the dashboard's downloads (a feed reader or PDF viewer shows text, not a page).
 */
export async function reportFileRefusal(request: Request, status: 400 | 404): Promise<Response> {
  const t = translator(await getLanguage(request), "reports");
  return new Response(t(status === 400 ? "public.fileBadRequest" : "public.fileNotFound"), {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}
