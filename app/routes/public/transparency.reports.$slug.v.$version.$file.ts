import type { LoaderFunctionArgs } from "@remix-run/node";
import { isReportSlug } from "../../domain/transparency/index";
import { loadReportPdf } from "../../domain/transparency/index.server";
import { isSupportedLanguage } from "../../i18n/languages";
import { reportFileRefusal as refusal, versionParamPattern } from "../../routes-support/reports/report-page.server";

/**
 * `/transparency/reports/<slug>/v/<n>/<lang>.pdf` (ADR 048): the PDF made when the version was published, served as
 * stored. The bytes never change (the table refuses it), so it may be cached for good; the ETag is their SHA-256.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const file = /^([a-z-]{2,7})\.pdf$/.exec(params.file ?? "");
  if (!isReportSlug(slug) || !versionParamPattern.test(params.version ?? "") || !file) return refusal(request, 400);
  const language = file[1];
  if (!isSupportedLanguage(language)) return refusal(request, 404);
  // A version or language with no PDF published is the adapter's 404 (ADR 131).
  const { pdf, sha256, fileName } = await loadReportPdf({ slug, version: Number(params.version), language });
  return new Response(pdf, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${fileName}"`,
      "Content-Length": String(pdf.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: `"${sha256}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
