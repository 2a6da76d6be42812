import { RelayHeartbeatSchema, type RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { BridgeContext } from "../bridge-context";
import { containsNul, readJsonBody } from "./read-json-body";
import { requireClient } from "./require-client";
import type { Exchange } from "./router";
import { sendError, sendNoContent } from "./send-json";
import { validationIssues } from "./validation-issues";

const log = serviceLogger("bridge");

/**
 * How stale the row a relay's heartbeats leave in the database may get while its mark does not move. The row is a
 * record for people ("when did the bridge last hear from relay X, and how far had it got"), not what the bridge
 * answers from (that is in memory), so an idle system does not commit a write a second per outbox (issue 30 item 5).
 */
export const HEARTBEAT_ROW_REFRESH_MS = 30_000;

/**
 * A handler for a relay heartbeat (scope `bridge:ingest`): read and checked, recorded in `table` by relay id (when its
 * mark moved, or its row is HEARTBEAT_ROW_REFRESH_MS old), then handed to `remember` — the consent outbox's mark and the approval outbox's mark go through the same steps and
 * differ only in where they are kept (ADR 024, ADR 041).
 */
export function relayHeartbeatHandler(options: {
  table: "bridge.relay_heartbeat" | "bridge.approval_heartbeat";
  remember: (context: BridgeContext, heartbeat: RelayHeartbeat, receivedAt: number) => void;
  what: string;
}): (exchange: Exchange) => Promise<void> {
  /** The last row written per relay: a heartbeat with the same mark within HEARTBEAT_ROW_REFRESH_MS writes nothing. */
  const written = new Map<string, { mark: string; at: number }>();
  return async (exchange) => {
    const { request, response, context } = exchange;
    // A relay sends one a second per outbox, each recorded in `table`: a successful one's request line is at debug,
    // its refusals and failures stay at info and above (ADR 027).
    response.routine = true;
    if (!(await requireClient(exchange, "bridge:ingest"))) return;
    const body = await readJsonBody(request);
    if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues });
    const heartbeat = RelayHeartbeatSchema.safeParse(body.value);
    if (!heartbeat.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(heartbeat.error) });
    if (containsNul(heartbeat.data)) return sendError(response, 400, "malformed_request", { issues: [{ path: ["relayId"], message: "text must not contain U+0000" }] });
    const receivedAt = context.clock();
    const last = written.get(heartbeat.data.relayId);
    const unchanged = last !== undefined && last.mark === heartbeat.data.highWaterMark && receivedAt - last.at < HEARTBEAT_ROW_REFRESH_MS && receivedAt >= last.at;
    if (unchanged) {
      options.remember(context, heartbeat.data, receivedAt);
      return sendNoContent(response);
    }
    try {
      await context.db.query(
        `INSERT INTO ${options.table} (relay_id, high_water_mark, sent_at, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (relay_id) DO UPDATE SET high_water_mark = EXCLUDED.high_water_mark, sent_at = EXCLUDED.sent_at, received_at = EXCLUDED.received_at`,
        [heartbeat.data.relayId, heartbeat.data.highWaterMark, heartbeat.data.sentAt, new Date(receivedAt)],
      );
    } catch (error) {
      written.delete(heartbeat.data.relayId);
      log.warn({ error: errorText(error) }, `${options.what} not recorded`);
      return sendError(response, 503, "database_unavailable");
    }
    written.set(heartbeat.data.relayId, { mark: heartbeat.data.highWaterMark, at: receivedAt });
    if (written.size > 1_000) written.delete(written.keys().next().value!);
    options.remember(context, heartbeat.data, receivedAt);
    sendNoContent(response);
  };
}
