import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSession, secondFactorPending } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { fhirHttpResponse } from "../../domain/fhir/index";
import { readFhirConsentHistory } from "../../domain/fhir/index.server";

/** FHIR R4 history of one consent record: every version, newest first (docs/fhir.md). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  const response = await readFhirConsentHistory({
    id: params.id ?? "",
    authorization: request.headers.get("Authorization"),
    session: session && !secondFactorPending(session) ? session : null,
    url: request.url,
    request: await requestContextOf(request, context),
  });
  return fhirHttpResponse(response);
}
