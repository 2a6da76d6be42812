import type { RouteModule } from "../http/router";
import { sendJson } from "../http/send-json";

export const healthRoutes: RouteModule = {
  name: "health",
  register(router) {
    router.get("/healthz", ({ response }) => sendJson(response, 200, { status: "ok", service: "tsunagi-pipeline-bridge" }));
    router.get("/readyz", ({ response, context }) => {
      const health = context.health.current();
      sendJson(response, health.ready ? 200 : 503, health);
    });
  },
  openapi: () => ({
    paths: {
      "/healthz": {
        get: {
          summary: "The process is alive",
          tags: ["health"],
          responses: { "200": { description: "Alive", content: { "application/json": { schema: { type: "object", properties: { status: { const: "ok" }, service: { type: "string" } } } } } } },
        },
      },
      "/readyz": {
        get: {
          summary: "Whether decisions can be answered (fresh projection, reachable database)",
          tags: ["health"],
          responses: {
            "200": { description: "Ready", content: { "application/json": { schema: { $ref: "#/components/schemas/Readiness" } } } },
            "503": { description: "Stale or database unreachable: every decision denies", content: { "application/json": { schema: { $ref: "#/components/schemas/Readiness" } } } },
          },
        },
      },
    },
    schemas: {
      Readiness: {
        type: "object",
        required: ["ready"],
        properties: { ready: { type: "boolean" }, reason: { enum: ["projection_stale", "database_unavailable"] } },
      },
    },
  }),
};
