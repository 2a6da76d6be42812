import type { LoaderFunctionArgs } from "@remix-run/node";
import { registerAtomFeed } from "../../domain/access/index.server";
import { isSupportedLanguage } from "../../i18n/languages";
import { notFound } from "../../forms/refusals.server";

/** The register in one language as an Atom feed (ADR 043), linked from /register. */
export async function loader({ params }: LoaderFunctionArgs) {
  const language = params.lang ?? "";
  if (!isSupportedLanguage(language)) throw notFound();
  return new Response(await registerAtomFeed({ language }), { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
