import { FHIR_JSON } from "./fhir-bundle";
import type { FhirResponse } from "./search-fhir-consents.server";

/** Consent records are personal data: no cache may keep them, whoever asked. */
export function fhirHttpResponse(response: FhirResponse): Response {
  return new Response(JSON.stringify(response.body), {
    status: response.status,
    headers: { "Content-Type": FHIR_JSON, "Cache-Control": "no-store", ...response.headers },
  });
}
