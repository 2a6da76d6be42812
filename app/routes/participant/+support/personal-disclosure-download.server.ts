import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../../auth/guards.server";
import { requestContextOf } from "../../../auth/request-context.server";
import { buildPersonalDisclosure } from "../../../domain/transparency/index.server";
import { getLanguage } from "../../../i18n/language.server";
import { fileDownload } from "../../../routes-support/file-download";

/**
 * The loader of a download of everything the platform holds about the participant (or a represented child,
 * `?participant=`), as JSON or as a PDF in the reader's language: never cached, audited in the transaction that read
 * it (ADR 047). One loader for both formats, so the guard and the refusal cannot drift apart.
 */
export function personalDisclosureDownload(format: "json" | "pdf") {
  return async function loader({ request, context }: LoaderFunctionArgs) {
    const session = await requirePermission(request, context, "consent:own");
    const file = await buildPersonalDisclosure({
      userId: session.userId,
      participantId: new URL(request.url).searchParams.get("participant"),
      format,
      language: await getLanguage(request),
      request: await requestContextOf(request, context),
    });
    return fileDownload(file.bytes, { name: file.fileName, contentType: file.contentType });
  };
}
