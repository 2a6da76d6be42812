import { ConsentChangeBatchSchema, ConsentChangeMessageSchema, RelayHeartbeatSchema } from "../../../app/domain/consent/outbox/consent-change-message";
import type { Exchange, RouteModule } from "../http/router";
import { containsNul, readJsonBody } from "../http/read-json-body";
import { requireClient } from "../http/require-client";
import { sendError, sendJson, sendNoContent } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { refusalResponses, schemaRef } from "../openapi/openapi-fragments";
import { applyConsentChanges } from "./apply-consent-changes";

/** 1,000 messages of a participant's whole consent each. */
const INGEST_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** POST /internal/v1/consent-changes: the relay delivers; applied in one transaction, memory updated after commit. */
async function ingestConsentChanges(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  if (!(await requireClient(exchange, "bridge:ingest"))) return;
  const body = await readJsonBody(request, INGEST_BODY_LIMIT_BYTES);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues }, body.status === 413 ? { Connection: "close" } : {});
  const batch = ConsentChangeBatchSchema.safeParse(body.value);
  if (!batch.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(batch.error) });
  if (containsNul(batch.data)) return sendError(response, 400, "malformed_request", { issues: [{ path: [], message: "text must not contain U+0000" }] });

  let result;
  try {
    result = await applyConsentChanges(context.db, batch.data.changes);
  } catch (error) {
    console.warn(`[bridge] ingest failed; the relay will deliver again: ${(error as Error).message}`);
    return sendError(response, 503, "database_unavailable");
  }
  for (const record of result.updated) context.subjects.apply(record);
  context.health.noteApplied(result.highestGlobalSeq);
  context.changes.notify();
  sendJson(response, 200, { applied: result.applied, duplicates: result.duplicates, stale: result.stale });
}

/** POST /internal/v1/heartbeat: the relay's proof of life and its high-water mark; recorded, then remembered. */
async function recordHeartbeat(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  if (!(await requireClient(exchange, "bridge:ingest"))) return;
  const body = await readJsonBody(request);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues });
  const heartbeat = RelayHeartbeatSchema.safeParse(body.value);
  if (!heartbeat.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(heartbeat.error) });
  if (containsNul(heartbeat.data)) return sendError(response, 400, "malformed_request", { issues: [{ path: ["relayId"], message: "text must not contain U+0000" }] });
  const receivedAt = context.clock();
  try {
    await context.db.query(
      `INSERT INTO bridge.relay_heartbeat (relay_id, high_water_mark, sent_at, received_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (relay_id) DO UPDATE SET high_water_mark = EXCLUDED.high_water_mark, sent_at = EXCLUDED.sent_at, received_at = EXCLUDED.received_at`,
      [heartbeat.data.relayId, heartbeat.data.highWaterMark, heartbeat.data.sentAt, new Date(receivedAt)],
    );
  } catch (error) {
    console.warn(`[bridge] heartbeat not recorded: ${(error as Error).message}`);
    return sendError(response, 503, "database_unavailable");
  }
  context.health.recordHeartbeat(heartbeat.data, receivedAt);
  sendNoContent(response);
}

export const ingestRoutes: RouteModule = {
  name: "ingest",
  register(router) {
    router.post("/internal/v1/consent-changes", ingestConsentChanges);
    router.post("/internal/v1/heartbeat", recordHeartbeat);
  },
  openapi: () => ({
    paths: {
      "/internal/v1/consent-changes": {
        post: {
          summary: "Relay → bridge: apply consent change messages (idempotent)",
          description: "Scope `bridge:ingest`. 1–1000 messages, applied in one transaction: a known event id is a duplicate, a version not above the held one is stale.",
          tags: ["internal"],
          security: [{ apiToken: [] }],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("ConsentChangeBatch") } } },
          responses: {
            "200": { description: "Counts", content: { "application/json": { schema: schemaRef("IngestResult") } } },
            ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }),
          },
        },
      },
      "/internal/v1/heartbeat": {
        post: {
          summary: "Relay → bridge: proof of life and the relay's high-water mark",
          tags: ["internal"],
          security: [{ apiToken: [] }],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("RelayHeartbeat") } } },
          responses: { "204": { description: "Recorded" }, ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }) },
        },
      },
    },
    schemas: {
      IngestResult: {
        type: "object",
        required: ["applied", "duplicates", "stale"],
        properties: { applied: { type: "integer" }, duplicates: { type: "integer" }, stale: { type: "integer" } },
      },
    },
    zodSchemas: { ConsentChangeMessage: ConsentChangeMessageSchema, ConsentChangeBatch: ConsentChangeBatchSchema, RelayHeartbeat: RelayHeartbeatSchema },
  }),
};
