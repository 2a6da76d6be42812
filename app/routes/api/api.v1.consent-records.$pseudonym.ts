import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSession, secondFactorPending } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { readConsentRecords } from "../../domain/fhir/index.server";

/**
 * A participant's consent records as ISO/IEC TS 27560 in DPV terms (issue 32 item 3; ADR 108): JSON with a JSON-LD
 * record per consent change. Personal data: no cache may keep it.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  const response = await readConsentRecords({
    pseudonym: params.pseudonym ?? "",
    authorization: request.headers.get("Authorization"),
    session: session && !secondFactorPending(session) ? session : null,
    url: request.url,
    request: await requestContextOf(request, context),
  });
  return new Response(JSON.stringify(response.body), {
    status: response.status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...response.headers },
  });
}
