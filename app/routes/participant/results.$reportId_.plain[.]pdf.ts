import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, requireRecentAuthentication } from "../../auth/guards.server";
import { readOwnPlainReportPdf } from "../../domain/results/index.server";
import { getLanguage } from "../../i18n/language.server";
import { fileDownload } from "../../routes-support/file-download";

/** The participant's report page as a PDF in the reader's language (ADR 137); whoever may not read the page: 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  // A fresh proof before what matters (issue 58 item 5, ADR 141): asked before the page, so nothing typed is lost to it.
  requireRecentAuthentication(session, request);
  const file = await readOwnPlainReportPdf({ userId: session.userId, reportId: params.reportId ?? "", language: await getLanguage(request) });
  return fileDownload(file.pdf, { name: file.fileName, contentType: "application/pdf" });
}
