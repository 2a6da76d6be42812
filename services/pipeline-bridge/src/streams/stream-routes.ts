import type { BatchAnswer } from "@tsunagi/bridge-wire/relay-wire";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { BridgeContext } from "../bridge-context";
import type { Exchange } from "../http/router";
import { containsNul, readJsonBody } from "../http/read-json-body";
import { requireClient } from "../http/require-client";
import { sendError, sendJson } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { incomingMessage, type IncomingMessage, type MessageStream } from "./message-stream";

const log = serviceLogger("bridge");

/**
 * The handler of a stream's `POST <wire.changes.path>`: the relay delivers a batch (scope `bridge:ingest`), each message read
 * tolerantly (ADR 024) — a message of a version this bridge knows that does not match it is a writer's bug, and the
 * batch is refused, loudly — then stored in one transaction with memory after the commit. 503 when the database cannot
 * take it: the relay delivers again.
 */
export function receiveStreamBatch<Envelope extends { eventId: string }, Message, ParkReason extends string>(stream: MessageStream<Envelope, Message, ParkReason, BridgeContext>) {
  return async (exchange: Exchange): Promise<void> => {
    const { request, response, context } = exchange;
    if (!(await requireClient(exchange, "bridge:ingest"))) return;
    const body = await readJsonBody(request, stream.bodyLimitBytes);
    if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues }, body.status === 413 ? { Connection: "close" } : {});
    const batch = stream.wire.changes.body.safeParse(body.value);
    if (!batch.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(batch.error) });
    if (containsNul(batch.data)) return sendError(response, 400, "malformed_request", { issues: [{ path: [], message: "text must not contain U+0000" }] });

    const changes: IncomingMessage<Envelope, Message, ParkReason>[] = [];
    const issues: { path: (string | number)[]; message: string }[] = [];
    batch.data.changes.forEach((raw, index) => {
      const read = incomingMessage(stream, raw);
      if (read.outcome === "malformed") for (const issue of validationIssues(read.error)) issues.push({ ...issue, path: ["changes", index, ...issue.path] });
      else changes.push(read);
    });
    if (issues.length > 0) return sendError(response, 400, "malformed_request", { issues });

    let stored;
    try {
      stored = await stream.store(context, changes, { noteApplied: true });
    } catch (error) {
      log.warn({ error: errorText(error), stream: stream.what }, `${stream.what} ingest failed; the relay will deliver again`);
      return sendError(response, 503, "database_unavailable");
    }
    const answer: BatchAnswer = { applied: stored.applied, duplicates: stored.duplicates, stale: stored.stale, ...(stored.parked > 0 ? { parked: stored.parked } : {}) };
    sendJson(response, 200, answer);
  };
}
