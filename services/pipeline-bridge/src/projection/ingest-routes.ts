import { BatchAnswerSchema, ConsentChangeBatchSchema } from "@tsunagi/bridge-wire/relay-wire";
import { ConsentChangedReaderSchema, OutboxEnvelopeSchema, RelayHeartbeatSchema } from "@tsunagi/consent-rules/consent-change-message";
import type { RouteModule } from "../http/router";
import { refusalResponses, schemaRef, tokenWith } from "../openapi/openapi-fragments";
import { relayHeartbeatHandler } from "../streams/stream-heartbeats";
import { receiveStreamBatch } from "../streams/stream-routes";
import { consentStream } from "./consent-stream";

export const ingestRoutes: RouteModule = {
  name: "ingest",
  register(router) {
    router.post(consentStream.wire.changes.path, receiveStreamBatch(consentStream));
    // The relay's proof of life and its high-water mark on its own endpoint; recorded, then remembered.
    router.post(consentStream.wire.heartbeat.path, relayHeartbeatHandler(consentStream));
  },
  openapi: () => ({
    paths: {
      [consentStream.wire.changes.path]: {
        post: {
          operationId: "applyConsentChanges",
          summary: "Relay → bridge: apply consent change messages (idempotent)",
          description:
            "Scope `bridge:ingest`. 1–1000 messages, applied in one transaction: a known event id is a duplicate, a version not above the held one is stale. Unknown members are ignored; a message of an unknown kind or a newer major schema version is parked (kept, not applied; its participant is denied), as is any later message for that participant (ADR 024).",
          tags: ["internal"],
          security: tokenWith("bridge:ingest"),
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("ConsentChangeBatch") } } },
          responses: {
            "200": { description: "Counts", content: { "application/json": { schema: schemaRef("IngestResult") } } },
            ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }),
          },
        },
      },
      [consentStream.wire.heartbeat.path]: {
        post: {
          operationId: "relayConsentHeartbeat",
          summary: "Relay → bridge: proof of life and the relay's high-water mark",
          tags: ["internal"],
          security: tokenWith("bridge:ingest"),
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("RelayHeartbeat") } } },
          responses: { "204": { description: "Recorded" }, ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }) },
        },
      },
    },
    zodSchemas: { OutboxEnvelope: OutboxEnvelopeSchema, ConsentChangeMessage: ConsentChangedReaderSchema, ConsentChangeBatch: ConsentChangeBatchSchema, RelayHeartbeat: RelayHeartbeatSchema, IngestResult: BatchAnswerSchema },
  }),
};
