import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportAtomFeed } from "../../domain/transparency/index.server";
import { isSupportedLanguage } from "../../i18n/languages";
import { reportFileRefusal } from "../../routes-support/reports/report-page.server";

/** The published report versions in one language as an Atom feed (ADR 048), linked from /transparency/reports. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = params.lang ?? "";
  if (!isSupportedLanguage(language)) return reportFileRefusal(request, /^[a-z-]{1,10}$/.test(language) ? 404 : 400);
  return new Response(await reportAtomFeed({ language }), { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
