import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileDownload } from "../../routes-support/file-download";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { readPaperScan } from "../../domain/consent/index.server";

/** The scan of a signed paper form, for coordinators; every view is an audited read of identifiable data. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  const scan = await readPaperScan({
    participantId,
    eventId: params.eventId ?? "",
    coordinatorUserId: session.userId,
    request: await requestContextOf(request, context),
  });
  // Downloaded, not rendered in the app's origin: an uploaded file is never trusted to be what it claims.
  return fileDownload(scan.content, { name: scan.fileName, contentType: scan.contentType });
}
