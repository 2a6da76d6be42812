import { heartbeatsPath, RelayHeartbeatsSchema } from "@tsunagi/bridge-wire/relay-wire";
import { approvalStream } from "./approvals/approval-stream";
import type { RouteModule } from "./http/router";
import { refusalResponses, schemaRef, tokenWith } from "./openapi/openapi-fragments";
import { consentStream } from "./projection/consent-stream";
import { receiveRelayHeartbeats } from "./streams/stream-heartbeats";

/**
 * The outbox streams this bridge takes (issue 31 item 2; ADR 098): each a MessageStream — its batches' route, its
 * NATS stream, its tables, its apply function and its heartbeat's key and table. A third stream is one more entry
 * here with its own MessageStream, on a wire of its own in `@tsunagi/bridge-wire` (ADR 128); the combined heartbeat
 * below takes its mark from then on. Every stream on the wire is one of these (bridge-streams.test.ts).
 */
export const bridgeStreams = [consentStream, approvalStream] as const;

const keys = bridgeStreams.map(({ wire }) => `\`${wire.heartbeat.key}\`${wire.heartbeat.optional ? " (absent when the relay could not read that outbox)" : ""} as \`${wire.heartbeat.path}\` takes it`);

/** The wire's `heartbeatsPath`: every stream's mark in one request, each kept as on its own endpoint (ADR 078). */
export const heartbeatRoutes: RouteModule = {
  name: "heartbeats",
  register(router) {
    router.post(heartbeatsPath, receiveRelayHeartbeats(bridgeStreams));
  },
  openapi: () => ({
    paths: {
      [heartbeatsPath]: {
        post: {
          operationId: "relayHeartbeats",
          summary: "Relay → bridge: every outbox's high-water mark in one request",
          description: `Scope \`bridge:ingest\`. Each stream's mark under its key: ${keys.join("; ")}. One request a second instead of one per stream (ADR 078). 503 when one could not be recorded; the others are still taken.`,
          tags: ["internal"],
          security: tokenWith("bridge:ingest"),
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("RelayHeartbeats") } } },
          responses: { "204": { description: "Recorded" }, ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }) },
        },
      },
    },
    zodSchemas: { RelayHeartbeats: RelayHeartbeatsSchema },
  }),
};
