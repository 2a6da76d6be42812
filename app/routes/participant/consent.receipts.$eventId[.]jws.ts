import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { CONSENT_RECEIPT_MEDIA_TYPE, downloadConsentReceipt } from "../../domain/consent/index.server";
import { fileDownload } from "../../routes-support/file-download";

/** The signed receipt of one consent change (ADR 108): for whoever may read the change's PDF copy; never cached, always audited. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  const receipt = await downloadConsentReceipt({
    eventId: params.eventId ?? "",
    reader: { userId: session.userId, role: session.user.roles },
    request: await requestContextOf(request, context),
    path: new URL(request.url).pathname,
  });
  return fileDownload(new TextEncoder().encode(receipt.jws), { name: receipt.fileName, contentType: CONSENT_RECEIPT_MEDIA_TYPE });
}
