import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { issueVisa } from "../../domain/access/index.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";

/**
 * A GA4GH Passport visa for the signed-in applicant's approved application (issue 15 item 6; ADR 043):
 * `{ "visa": "<jwt>" }`. Another applicant's application is 404, as an unknown one; an approval that is not active
 * (not yet started, ended, suspended, revoked) gives none: 409 with the reason and a sentence in the reader's language.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const outcome = await issueVisa({ applicationId: params.id ?? "", applicantId: session.userId, path: new URL(request.url).pathname, request: { ipAddress, userAgent } });
  const noStore = { "Cache-Control": "no-store" };
  if (outcome.kind === "issued") return json({ visa: outcome.visa }, { headers: noStore });
  const t = await getFixedT(await getLanguage(request), "register");
  const error = outcome.kind === "not_found" ? "not_found" : outcome.reason;
  return json({ error, message: t(`visa.errors.${error}`) }, { status: outcome.kind === "not_found" ? 404 : 409, headers: noStore });
}
