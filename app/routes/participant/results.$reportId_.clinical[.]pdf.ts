import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { readOwnReportPdf } from "../../domain/results/index.server";
import { fileDownload } from "../../routes-support/file-download";

/**
 * The clinicians' PDF of an explained report (ADR 137): for its participant or their current proxy, only where the
 * report page offers it; anyone else, a report still sealed, or a person who chose not to know some findings: 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  // A fresh proof before what matters (issue 58 item 5, ADR 141): asked before the page, so nothing typed is lost to it.
  requireRecentAuthentication(session, request);
  const origin = await requestContextOf(request, context);
  const file = await readOwnReportPdf({
    userId: session.userId,
    reportId: params.reportId ?? "",
    context: { actorUserId: session.userId, ipAddress: origin.ipAddress, userAgent: origin.userAgent },
  });
  return fileDownload(file.pdf, { name: file.fileName, contentType: "application/pdf" });
}
