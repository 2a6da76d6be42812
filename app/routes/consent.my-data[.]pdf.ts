import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { requestContextOf } from "../auth/request-context.server";
import { isAppError } from "../domain/app-error";
import { buildPersonalDisclosure } from "../domain/transparency/data-use/build-personal-disclosure.server";
import { getLanguage } from "../i18n/language.server";
import { fileDownload } from "../routes-support/file-download";

/**
 * Everything the platform holds about the participant (or a represented child, `?participant=`), as a PDF to read in
 * the reader's language: a download, never cached, audited in the transaction that read it (ADR 047).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const file = await buildPersonalDisclosure({
    userId: session.userId,
    participantId: new URL(request.url).searchParams.get("participant"),
    format: "pdf",
    language: await getLanguage(request),
    request: await requestContextOf(request, context),
  }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "forbidden") throw new Response("Forbidden", { status: 403 });
    throw error;
  });
  return fileDownload(file.bytes, { name: file.fileName, contentType: file.contentType });
}
