import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSession, secondFactorPending } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { fhirHttpResponse } from "../../domain/fhir/index";
import { readFhirConsent } from "../../domain/fhir/index.server";

/** FHIR R4 read of one consent record: the fullUrl of every search entry. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  const response = await readFhirConsent({
    id: params.id ?? "",
    authorization: request.headers.get("Authorization"),
    session: session && !secondFactorPending(session) ? session : null,
    url: request.url,
    request: await requestContextOf(request, context),
  });
  return fhirHttpResponse(response);
}
