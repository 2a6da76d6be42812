import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../auth/guards.server";
import { fileDownload } from "../../routes-support/file-download";
import { requestContextOf } from "../../auth/request-context.server";
import { readConsentDocument } from "../../domain/consent/index.server";

/** The signer's PDF copy: for the participant, a current proxy, or enrolment staff of their facility; never cached, always audited. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  const document = await readConsentDocument({
    eventId: params.eventId ?? "",
    reader: { userId: session.userId, role: session.user.roles },
    request: await requestContextOf(request, context),
    path: new URL(request.url).pathname,
  });
  return fileDownload(document.pdf, { name: document.fileName, contentType: "application/pdf" });
}
