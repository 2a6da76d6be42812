import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { readEthicsDocument } from "../../domain/access/index.server";
import { fileDownload } from "../../routes-support/file-download";

/**
 * The ethics approval document (issue 27 item 7): for the applicant, the secretariat and the seated members reviewing
 * the application; every other account is answered "not found", as if there were none (not "forbidden", which would
 * say there is). Sent as an attachment with nosniff, never shown in the app's origin: an uploaded file is not trusted.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  const document = await readEthicsDocument({
    userId: session.userId,
    roles: session.user.roles,
    applicationId: params.id ?? "",
    request: await requestContextOf(request, context),
  });
  return fileDownload(document.content, { name: document.downloadName, contentType: "application/pdf" });
}
