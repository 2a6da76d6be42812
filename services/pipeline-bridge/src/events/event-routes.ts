import { z } from "zod";
import { ConsentChangedReaderSchema } from "@tsunagi/consent-rules/consent-change-message";
import type { Exchange, RouteModule } from "../http/router";
import { requireClient } from "../http/require-client";
import { sendError, sendJsonText } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { refusalResponses, schemaRef, tokenWith } from "../openapi/openapi-fragments";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("bridge");

const EventsQuerySchema = z.strictObject({
  after: z.string().regex(/^(0|[1-9][0-9]{0,17})$/, "a cursor from an earlier answer, or 0").default("0"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  wait: z.coerce.number().int().min(0).max(30).default(25),
});

interface ChangeRow {
  cursor: string;
  message: string;
}

async function changesAfter(exchange: Exchange, after: string, limit: number): Promise<ChangeRow[]> {
  // The message is returned as stored text and spliced in, not parsed and serialised again.
  const { rows } = await exchange.context.db.query<ChangeRow>(
    `SELECT cursor::text AS cursor, message::text AS message FROM bridge.consent_change WHERE cursor > $1 ORDER BY cursor LIMIT $2`,
    [after, limit],
  );
  return rows;
}

/**
 * GET /v1/events: consent changes after a cursor, for clients without NATS. Answers at once when there are some;
 * otherwise waits (up to `wait` seconds) for the next ingest to commit, then answers with what it brought.
 */
async function listEvents(exchange: Exchange): Promise<void> {
  const { request, response, context, query } = exchange;
  if (!(await requireClient(exchange, "gate:events"))) return;
  const parsed = EventsQuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(parsed.error) });
  const { after, limit, wait } = parsed.data;

  const aborted = new AbortController();
  const onClose = () => aborted.abort();
  request.socket.once("close", onClose);
  try {
    let rows = await changesAfter(exchange, after, limit);
    const deadline = context.clock() + wait * 1000;
    while (rows.length === 0 && !aborted.signal.aborted) {
      const remaining = deadline - context.clock();
      if (remaining <= 0) break;
      await context.changes.wait(remaining, aborted.signal);
      rows = await changesAfter(exchange, after, limit);
    }
    // The client hung up while waiting: nothing is sent, and the request's line says so.
    if (aborted.signal.aborted) return response.logClientGone();
    const nextCursor = rows.length > 0 ? rows[rows.length - 1]!.cursor : after;
    const changes = rows.map((row) => `{"cursor":${row.cursor},${row.message.slice(1)}`);
    sendJsonText(response, 200, `{"changes":[${changes.join(",")}],"nextCursor":${nextCursor}}`);
  } catch (error) {
    if (response.headersSent) throw error;
    log.warn({ error: errorText(error) }, "events not read");
    sendError(response, 503, "database_unavailable");
  } finally {
    request.socket.off("close", onClose);
  }
}

export const eventRoutes: RouteModule = {
  name: "events",
  register(router) {
    router.get("/v1/events", listEvents);
  },
  openapi: () => ({
    paths: {
      "/v1/events": {
        get: {
          operationId: "listConsentEvents",
          summary: "Long-poll of consent changes after a cursor",
          description: "Scope `gate:events`. Returns at once when there are changes after `after`, else waits up to `wait` seconds. Keep the highest `version` per pseudonym.",
          tags: ["events"],
          security: tokenWith("gate:events"),
          parameters: [
            { name: "after", in: "query", schema: { type: "string", pattern: "^(0|[1-9][0-9]{0,17})$", default: "0" }, description: "The `nextCursor` of the previous answer" },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
            { name: "wait", in: "query", schema: { type: "integer", minimum: 0, maximum: 30, default: 25 }, description: "Seconds to wait when there is nothing new" },
          ],
          responses: {
            "200": { description: "Changes in feed order", content: { "application/json": { schema: schemaRef("ConsentChangeFeed") } } },
            ...refusalResponses({ badRequest: true, unavailable: true }),
          },
        },
      },
    },
    schemas: {
      ConsentChangeFeed: {
        type: "object",
        required: ["changes", "nextCursor"],
        properties: {
          changes: { type: "array", items: schemaRef("ConsentChange") },
          nextCursor: { type: "integer" },
        },
      },
    },
    zodSchemas: { ConsentChange: ConsentChangedReaderSchema.extend({ cursor: z.number().int().min(1).meta({ description: "Position in the bridge's feed" }) }) },
  }),
};
