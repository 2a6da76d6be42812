import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser, requireRecentAuthentication } from "../../auth/guards.server";
import { letterFieldsInError, RelativesLetterSchema } from "../../domain/results/index";
import { loadRelativesLetterForm, makeRelativesLetter } from "../../domain/results/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { fileDownload } from "../../routes-support/file-download";

/**
 * Makes the letter for relatives (ADR 137): the answer is the PDF itself, a download the browser saves whether or not it
 * runs JavaScript — a resource route, because only one answers a form post with a file (as the recontact letters do).
 * A form that cannot be used goes back to the letter's page, which names each field and why, in the reader's language;
 * whoever may not read the report: 404, before the form is read.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireUser(request, context);
  // A fresh proof before what matters (issue 58 item 5, ADR 141): asked before the page, so nothing typed is lost to it.
  requireRecentAuthentication(session, request, `/results/${params.reportId}/letter`);
  const reportId = params.reportId ?? "";
  await loadRelativesLetterForm({ userId: session.userId, reportId });
  const { submission } = await parseForm(request, RelativesLetterSchema, {
    redirectTo: { invalid_input: `/results/${encodeURIComponent(reportId)}/letter?invalid=findings` },
  });
  if (submission.status !== "success") return redirect(`/results/${encodeURIComponent(reportId)}/letter?invalid=${letterFieldsInError(Object.keys(submission.error ?? {})).join("-")}`);
  const letter = await makeRelativesLetter({ userId: session.userId, reportId, input: submission.value });
  return fileDownload(letter.pdf, { name: letter.fileName, contentType: "application/pdf" });
}
