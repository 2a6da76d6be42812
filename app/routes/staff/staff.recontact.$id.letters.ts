import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import type { LettersRefusal } from "../../domain/recontact/index";
import { printRecontactLetters, PrintLettersSchema } from "../../domain/recontact/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { fileDownload } from "../../routes-support/file-download";

/**
 * Prints a campaign's letters (ADR 035): the answer is the PDF itself, a download the browser saves whether or not
 * it runs JavaScript. This is a resource route because only one answers a form post with a file; a refusal goes
 * back to the campaign's page, which says why in the reader's language (`?letters=<refusal>`).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "recontact:manage");
  const campaignId = params.id ?? "";
  const backTo = (refusal: LettersRefusal) => `/staff/recontact/${encodeURIComponent(campaignId)}?letters=${refusal}`;
  // A campaign not sent, or with no letters to print, goes back to its page, which says why (ADR 131 answers the rest).
  const { submission } = await parseForm(request, PrintLettersSchema, {
    redirectTo: { campaign_not_sent: backTo("campaign_not_sent"), no_letters_to_print: backTo("no_letters_to_print") },
  });
  if (submission.status !== "success") return redirect(backTo("invalid"));
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const printed = await printRecontactLetters({
    campaignId,
    batchId: submission.value.intent === "reprint_letters" ? submission.value.batchId : undefined,
    actorUserId: session.userId,
    request: { ipAddress, userAgent },
  });
  if (!printed.pdf) return redirect(backTo("withheld"));
  // The only copy of these answer links: a download, never cached, never stored.
  return fileDownload(printed.pdf, { name: printed.fileName, contentType: "application/pdf" });
}
