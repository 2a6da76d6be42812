import { ApprovalChangeBatchSchema, ApprovalChangedReaderSchema, ApprovalEnvelopeSchema, readApprovalMessage } from "@tsunagi/consent-rules/approval-change-message";
import { approvalHeartbeats, relayHeartbeatHandler } from "../http/record-relay-heartbeat";
import type { Exchange, RouteModule } from "../http/router";
import { containsNul, readJsonBody } from "../http/read-json-body";
import { requireClient } from "../http/require-client";
import { sendError, sendJson } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { refusalResponses, schemaRef } from "../openapi/openapi-fragments";
import type { IncomingApprovalChange } from "./apply-approval-changes";
import { ingestApprovalChanges } from "./ingest-approval-changes";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("bridge");

const APPROVAL_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** POST /internal/v1/approval-changes: the relay delivers approval messages; applied in one transaction, memory after commit. */
async function receiveApprovalChanges(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  if (!(await requireClient(exchange, "bridge:ingest"))) return;
  const body = await readJsonBody(request, APPROVAL_BODY_LIMIT_BYTES);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues }, body.status === 413 ? { Connection: "close" } : {});
  const batch = ApprovalChangeBatchSchema.safeParse(body.value);
  if (!batch.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(batch.error) });
  if (containsNul(batch.data)) return sendError(response, 400, "malformed_request", { issues: [{ path: [], message: "text must not contain U+0000" }] });

  const changes: IncomingApprovalChange[] = [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  batch.data.changes.forEach((raw, index) => {
    const read = readApprovalMessage(raw);
    if (read.outcome === "apply") changes.push({ outcome: "apply", raw, message: read.message });
    else if (read.outcome === "park") changes.push({ outcome: "park", raw, reason: read.reason, kind: read.kind, schemaVersion: read.schemaVersion });
    else for (const issue of validationIssues(read.error)) issues.push({ ...issue, path: ["changes", index, ...issue.path] });
  });
  if (issues.length > 0) return sendError(response, 400, "malformed_request", { issues });

  let result;
  try {
    result = await ingestApprovalChanges(context, changes);
  } catch (error) {
    log.warn({ error: errorText(error) }, "approval ingest failed; the relay will deliver again");
    return sendError(response, 503, "database_unavailable");
  }
  sendJson(response, 200, { applied: result.applied, duplicates: result.duplicates, stale: result.stale, ...(result.parked > 0 ? { parked: result.parked } : {}) });
}

export const approvalRoutes: RouteModule = {
  name: "approvals",
  register(router) {
    router.post("/internal/v1/approval-changes", receiveApprovalChanges);
    // POST /internal/v1/approval-heartbeat: the relay's high-water mark over the approval outbox.
    router.post(
      "/internal/v1/approval-heartbeat",
      relayHeartbeatHandler(approvalHeartbeats),
    );
  },
  openapi: () => ({
    paths: {
      "/internal/v1/approval-changes": {
        post: {
          summary: "Relay → bridge: apply data-access approval messages (idempotent)",
          description:
            "Scope `bridge:ingest`. 1–1000 `approval_changed` messages (ADR 041), applied in one transaction: a known event id is a duplicate, a version not above the one held for the approval is stale. Unknown members are ignored; a message of an unknown kind or a newer major is parked (kept, not applied; releases under that approval are denied `approval_message_parked`), as is any later message for the same approval.",
          tags: ["internal"],
          security: [{ apiToken: [] }],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("ApprovalChangeBatch") } } },
          responses: {
            "200": { description: "Counts", content: { "application/json": { schema: schemaRef("IngestResult") } } },
            ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }),
          },
        },
      },
      "/internal/v1/approval-heartbeat": {
        post: {
          summary: "Relay → bridge: the high-water mark over the approval outbox",
          description: "Scope `bridge:ingest`. While it is older than the staleness bound, or ahead of what the bridge accepted, releases that need an approval answer 503 `projection_stale`.",
          tags: ["internal"],
          security: [{ apiToken: [] }],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("RelayHeartbeat") } } },
          responses: { "204": { description: "Recorded" }, ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }) },
        },
      },
    },
    zodSchemas: { ApprovalEnvelope: ApprovalEnvelopeSchema, ApprovalChangeMessage: ApprovalChangedReaderSchema, ApprovalChangeBatch: ApprovalChangeBatchSchema },
  }),
};
