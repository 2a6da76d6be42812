import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSession, secondFactorPending } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { fhirHttpResponse } from "../../domain/fhir/index";
import { searchFhirConsents } from "../../domain/fhir/index.server";

/** FHIR R4 search for consent records (docs/fhir.md); machines use an API token, staff their session. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  const response = await searchFhirConsents({
    authorization: request.headers.get("Authorization"),
    session: session && !secondFactorPending(session) ? session : null,
    url: request.url,
    request: await requestContextOf(request, context),
  });
  return fhirHttpResponse(response);
}
