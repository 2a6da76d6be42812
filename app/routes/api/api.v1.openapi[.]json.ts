import { findingsOpenApiDocument } from "../../domain/findings/index.server";

/** GET /api/v1/openapi.json: the findings intake API (ADR 032). Public, as the bridge's /openapi.json is. */
export function loader() {
  return new Response(JSON.stringify(findingsOpenApiDocument()), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
