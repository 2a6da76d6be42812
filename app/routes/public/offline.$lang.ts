import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../../forms/refusals.server";
import { isSupportedLanguage } from "../../i18n/languages";
import { offlinePageHtml, offlinePagePolicy } from "../../pwa/offline-page.server";

/**
 * The page the service worker shows when a navigation finds no network (ADR 109), one per language. The same for every
 * reader: it reads no session and no cookie, and carries no script, so its own policy needs no nonce and the worker
 * may keep it.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const language = params.lang ?? "";
  if (!isSupportedLanguage(language)) throw notFound();
  return new Response(await offlinePageHtml(language), {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": offlinePagePolicy,
      "Cache-Control": "public, max-age=3600",
    },
  });
}
