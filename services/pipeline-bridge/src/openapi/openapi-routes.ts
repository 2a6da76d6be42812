import type { RouteModule } from "../http/router";
import { sendJsonText } from "../http/send-json";
import { buildOpenApiDocument } from "./openapi-document";

/** Serves the document for the given modules (and itself), built once. */
export function openApiRoutes(modules: readonly RouteModule[]): RouteModule {
  const self: RouteModule = {
    name: "openapi",
    register(router) {
      let text: string | undefined;
      router.get("/openapi.json", ({ response }) => {
        text ??= JSON.stringify(buildOpenApiDocument([...modules, self]));
        sendJsonText(response, 200, text, { "Cache-Control": "public, max-age=300" });
      });
    },
    openapi: () => ({
      paths: {
        "/openapi.json": {
          get: { operationId: "getOpenApiDocument", summary: "This document", tags: ["meta"], responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } },
        },
      },
    }),
  };
  return self;
}
