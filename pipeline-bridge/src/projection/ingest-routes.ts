import {
  ConsentChangeBatchSchema,
  ConsentChangedReaderSchema,
  OutboxEnvelopeSchema,
  readOutboxMessage,
  RelayHeartbeatSchema,
} from "@tsunagi/consent-rules/consent-change-message";
import { consentHeartbeats, receiveRelayHeartbeats, RelayHeartbeatsSchema, relayHeartbeatHandler } from "../http/record-relay-heartbeat";
import type { Exchange, RouteModule } from "../http/router";
import { containsNul, readJsonBody } from "../http/read-json-body";
import { requireClient } from "../http/require-client";
import { sendError, sendJson } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { refusalResponses, schemaRef } from "../openapi/openapi-fragments";
import type { IncomingChange } from "./apply-consent-changes";
import { ingestChanges } from "./ingest-changes";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("bridge");

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

  // Read each message tolerantly (ADR 024): unknown members are ignored, an unknown kind or a newer major is parked.
  // A message of a version this bridge knows that does not match it is a writer's bug: the batch is refused, loudly.
  const changes: IncomingChange[] = [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  batch.data.changes.forEach((raw, index) => {
    const read = readOutboxMessage(raw);
    if (read.outcome === "apply") changes.push({ outcome: "apply", raw, message: read.message });
    else if (read.outcome === "park") changes.push({ outcome: "park", raw, reason: read.reason, kind: read.kind, schemaVersion: read.schemaVersion });
    else for (const issue of validationIssues(read.error)) issues.push({ ...issue, path: ["changes", index, ...issue.path] });
  });
  if (issues.length > 0) return sendError(response, 400, "malformed_request", { issues });

  let result;
  try {
    result = await ingestChanges(context, changes);
  } catch (error) {
    log.warn({ error: errorText(error) }, "ingest failed; the relay will deliver again");
    return sendError(response, 503, "database_unavailable");
  }
  sendJson(response, 200, { applied: result.applied, duplicates: result.duplicates, stale: result.stale, ...(result.parked > 0 ? { parked: result.parked } : {}) });
}

export const ingestRoutes: RouteModule = {
  name: "ingest",
  register(router) {
    router.post("/internal/v1/consent-changes", ingestConsentChanges);
    // POST /internal/v1/heartbeat: the relay's proof of life and its high-water mark; recorded, then remembered.
    router.post(
      "/internal/v1/heartbeat",
      relayHeartbeatHandler(consentHeartbeats),
    );
    // POST /internal/v1/heartbeats: both outboxes' marks in one request, each kept as on its own endpoint (ADR 078).
    router.post("/internal/v1/heartbeats", receiveRelayHeartbeats);
  },
  openapi: () => ({
    paths: {
      "/internal/v1/consent-changes": {
        post: {
          summary: "Relay → bridge: apply consent change messages (idempotent)",
          description:
            "Scope `bridge:ingest`. 1–1000 messages, applied in one transaction: a known event id is a duplicate, a version not above the held one is stale. Unknown members are ignored; a message of an unknown kind or a newer major schema version is parked (kept, not applied; its participant is denied), as is any later message for that participant (ADR 024).",
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
      "/internal/v1/heartbeats": {
        post: {
          summary: "Relay → bridge: both outboxes' high-water marks in one request",
          description:
            "Scope `bridge:ingest`. `consent` is taken as `/internal/v1/heartbeat` takes it and `approvals` (absent when the relay could not read the approval outbox) as `/internal/v1/approval-heartbeat` does: one request a second instead of two (ADR 078). 503 when either could not be recorded; the other is still taken.",
          tags: ["internal"],
          security: [{ apiToken: [] }],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("RelayHeartbeats") } } },
          responses: { "204": { description: "Recorded" }, ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }) },
        },
      },
    },
    schemas: {
      IngestResult: {
        type: "object",
        required: ["applied", "duplicates", "stale"],
        properties: {
          applied: { type: "integer" },
          duplicates: { type: "integer" },
          stale: { type: "integer" },
          parked: { type: "integer", minimum: 1, description: "New messages parked (absent when none)" },
        },
      },
    },
    zodSchemas: { OutboxEnvelope: OutboxEnvelopeSchema, ConsentChangeMessage: ConsentChangedReaderSchema, ConsentChangeBatch: ConsentChangeBatchSchema, RelayHeartbeat: RelayHeartbeatSchema, RelayHeartbeats: RelayHeartbeatsSchema },
  }),
};
