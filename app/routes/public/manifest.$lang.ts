import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../../forms/refusals.server";
import { isSupportedLanguage } from "../../i18n/languages";
import { webAppManifest } from "../../pwa/installable-app";

/**
 * The web app manifest in one language (ADR 109), linked from every page for its reader's language. A browser fetches a
 * manifest without cookies, so the language is in the address; the service worker keeps all three.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const language = params.lang ?? "";
  if (!isSupportedLanguage(language)) throw notFound();
  return new Response(JSON.stringify(webAppManifest(language)), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
