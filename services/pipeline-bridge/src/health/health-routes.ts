import type { RouteModule } from "../http/router";
import { sendJson } from "../http/send-json";
import { currentReadiness } from "./current-readiness";

export const healthRoutes: RouteModule = {
  name: "health",
  register(router) {
    router.get("/healthz", ({ response }) => sendJson(response, 200, { status: "ok", service: "tsunagi-pipeline-bridge" }));
    router.get("/readyz", ({ response, context }) => {
      const health = currentReadiness(context);
      const parked = context.health.parked();
      const refused = context.signer.keyFileRefused();
      const signingKeyFile = refused ? { refusedSince: refused.since, inUse: refused.inUse } : undefined;
      sendJson(response, health.ready ? 200 : 503, {
        ...health,
        approvals: context.approvalHealth.freshness(),
        ...(parked ? { parked } : {}),
        ...(signingKeyFile ? { signingKeyFile } : {}),
      });
    });
  },
  openapi: () => ({
    paths: {
      "/healthz": {
        get: {
          operationId: "getHealth",
          summary: "The process is alive",
          tags: ["health"],
          responses: { "200": { description: "Alive", content: { "application/json": { schema: { type: "object", properties: { status: { const: "ok" }, service: { type: "string" } } } } } } },
        },
      },
      "/readyz": {
        get: {
          operationId: "getReadiness",
          summary: "Whether decisions can be answered (fresh projection, reachable database)",
          tags: ["health"],
          responses: {
            "200": { description: "Ready", content: { "application/json": { schema: { $ref: "#/components/schemas/Readiness" } } } },
            "503": { description: "Stale, database unreachable, or the decision log's buffer full: every decision denies", content: { "application/json": { schema: { $ref: "#/components/schemas/Readiness" } } } },
          },
        },
      },
    },
    schemas: {
      Readiness: {
        type: "object",
        required: ["ready", "approvals"],
        properties: {
          ready: { type: "boolean" },
          reason: { enum: ["projection_stale", "database_unavailable"] },
          approvals: {
            description:
              "How current this bridge's copy of the data-access approvals is (ADR 041): `fresh` false while the relay's approval heartbeat is older than the staleness bound or its mark is above what this bridge accepted, when every release that needs an approval is refused `projection_stale`. Readiness does not depend on it: consent decisions and public releases are answered either way. Alert on `fresh: false`.",
            type: "object",
            required: ["fresh", "heartbeatAgeMs", "highWaterMark", "acceptedThrough"],
            properties: {
              fresh: { type: "boolean" },
              heartbeatAgeMs: { type: ["integer", "null"], minimum: 0 },
              highWaterMark: { type: ["string", "null"] },
              acceptedThrough: { type: "string" },
            },
          },
          parked: {
            description: "Present when messages this bridge cannot read (an unknown kind, a newer major version) are parked; their participants are denied until a newer bridge applies them. Readiness does not depend on it (ADR 024).",
            type: "object",
            required: ["count", "oldestParkedAt", "oldestGlobalSeq"],
            properties: { count: { type: "integer", minimum: 1 }, oldestParkedAt: { type: "string", format: "date-time" }, oldestGlobalSeq: { type: "string" } },
          },
          signingKeyFile: {
            description:
              "Present while the signing key file, as it is now, cannot be used (see the log for why): the keys read before keep signing and are listed here, so a rotation or a retirement has not taken effect on this replica. Readiness does not depend on it: answers still verify against the published keys (ADR 054).",
            type: "object",
            required: ["refusedSince", "inUse"],
            properties: { refusedSince: { type: "string", format: "date-time" }, inUse: { type: "array", items: { type: "string" } } },
          },
        },
      },
    },
  }),
};
