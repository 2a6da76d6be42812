import { ApprovalChangeBatchSchema } from "@tsunagi/bridge-wire/relay-wire";
import { ApprovalChangedReaderSchema, ApprovalEnvelopeSchema } from "@tsunagi/consent-rules/approval-change-message";
import type { RouteModule } from "../http/router";
import { refusalResponses, schemaRef, tokenWith } from "../openapi/openapi-fragments";
import { relayHeartbeatHandler } from "../streams/stream-heartbeats";
import { receiveStreamBatch } from "../streams/stream-routes";
import { approvalStream } from "./approval-stream";

export const approvalRoutes: RouteModule = {
  name: "approvals",
  register(router) {
    router.post(approvalStream.wire.changes.path, receiveStreamBatch(approvalStream));
    // The relay's high-water mark over the approval outbox on its own endpoint.
    router.post(approvalStream.wire.heartbeat.path, relayHeartbeatHandler(approvalStream));
  },
  openapi: () => ({
    paths: {
      [approvalStream.wire.changes.path]: {
        post: {
          operationId: "applyApprovalChanges",
          summary: "Relay → bridge: apply data-access approval messages (idempotent)",
          description:
            "Scope `bridge:ingest`. 1–1000 `approval_changed` messages (ADR 041), applied in one transaction: a known event id is a duplicate, a version not above the one held for the approval is stale. Unknown members are ignored; a message of an unknown kind or a newer major is parked (kept, not applied; releases under that approval are denied `approval_message_parked`), as is any later message for the same approval.",
          tags: ["internal"],
          security: tokenWith("bridge:ingest"),
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("ApprovalChangeBatch") } } },
          responses: {
            "200": { description: "Counts", content: { "application/json": { schema: schemaRef("IngestResult") } } },
            ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }),
          },
        },
      },
      [approvalStream.wire.heartbeat.path]: {
        post: {
          operationId: "relayApprovalHeartbeat",
          summary: "Relay → bridge: the high-water mark over the approval outbox",
          description: "Scope `bridge:ingest`. While it is older than the staleness bound, or ahead of what the bridge accepted, releases that need an approval answer 503 `projection_stale`.",
          tags: ["internal"],
          security: tokenWith("bridge:ingest"),
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("RelayHeartbeat") } } },
          responses: { "204": { description: "Recorded" }, ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }) },
        },
      },
    },
    zodSchemas: { ApprovalEnvelope: ApprovalEnvelopeSchema, ApprovalChangeMessage: ApprovalChangedReaderSchema, ApprovalChangeBatch: ApprovalChangeBatchSchema },
  }),
};
