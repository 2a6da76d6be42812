import { appApiDocument } from "../../routes-support/app-api-document.server";

/** GET /api/v1/openapi.json: every machine API of the web app (ADR 168). Public, as the bridge's /openapi.json is. */
export function loader() {
  return new Response(JSON.stringify(appApiDocument()), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
