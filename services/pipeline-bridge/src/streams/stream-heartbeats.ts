import type { z } from "zod";
import { RelayHeartbeatSchema, type RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";
import { heartbeatsBodySchema, type StreamWire } from "@tsunagi/bridge-wire/relay-wire";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { BridgeContext } from "../bridge-context";
import { containsNul, readJsonBody } from "../http/read-json-body";
import { requireClient } from "../http/require-client";
import type { Exchange } from "../http/router";
import { sendError, sendNoContent } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import type { MessageStream } from "./message-stream";

const log = serviceLogger("bridge");

/**
 * How stale the row a relay's heartbeats leave in the database may get while its mark does not move. The row is a
 * record for people ("when did the bridge last hear from relay X, and how far had it got"), not what the bridge
 * answers from (that is in memory), so an idle system does not commit a write a second per outbox (issue 30 item 5).
 */
export const HEARTBEAT_ROW_REFRESH_MS = 30_000;

/** The part of a stream a heartbeat needs: its key on the wire, where it is kept, and how the bridge's memory takes it. */
export type HeartbeatStream = Pick<MessageStream<{ eventId: string }, unknown, string, BridgeContext>, "heartbeat" | "recordHeartbeat"> & { wire: Pick<StreamWire, "heartbeat"> };

/** The table names a heartbeat is written to are configuration, put into SQL: only a plain qualified name is one. */
function checkedTable(stream: HeartbeatStream): string {
  if (!/^[a-z_]+\.[a-z_]+$/.test(stream.heartbeat.table)) throw new Error(`A stream's heartbeat table must be a plain schema-qualified name, not ${JSON.stringify(stream.heartbeat.table)}`);
  return stream.heartbeat.table;
}

/**
 * The last row written per bridge, table and relay: a heartbeat with the same mark within HEARTBEAT_ROW_REFRESH_MS
 * writes nothing. Per bridge (its context), so two bridges in one process each write their own rows.
 */
const written = new WeakMap<BridgeContext, Map<string, Map<string, { mark: string; at: number }>>>();

function writtenRows(context: BridgeContext, table: string): Map<string, { mark: string; at: number }> {
  let tables = written.get(context);
  if (!tables) written.set(context, (tables = new Map()));
  let rows = tables.get(table);
  if (!rows) tables.set(table, (rows = new Map()));
  return rows;
}

/**
 * Records one heartbeat: in its stream's table by relay id (when its mark moved, or its row is HEARTBEAT_ROW_REFRESH_MS old),
 * then in memory. False when the row could not be written (then nothing is remembered: the bridge goes stale rather
 * than count a heartbeat it could not record).
 */
async function recordHeartbeat(stream: HeartbeatStream, context: BridgeContext, heartbeat: RelayHeartbeat, receivedAt: number): Promise<boolean> {
  const table = checkedTable(stream);
  const rows = writtenRows(context, table);
  const last = rows.get(heartbeat.relayId);
  const unchanged = last !== undefined && last.mark === heartbeat.highWaterMark && receivedAt - last.at < HEARTBEAT_ROW_REFRESH_MS && receivedAt >= last.at;
  if (!unchanged) {
    try {
      await context.db.query(
        `INSERT INTO ${table} (relay_id, high_water_mark, sent_at, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (relay_id) DO UPDATE SET high_water_mark = EXCLUDED.high_water_mark, sent_at = EXCLUDED.sent_at, received_at = EXCLUDED.received_at`,
        [heartbeat.relayId, heartbeat.highWaterMark, heartbeat.sentAt, new Date(receivedAt)],
      );
    } catch (error) {
      rows.delete(heartbeat.relayId);
      log.warn({ error: errorText(error) }, `${stream.heartbeat.what} not recorded`);
      return false;
    }
    rows.set(heartbeat.relayId, { mark: heartbeat.highWaterMark, at: receivedAt });
    if (rows.size > 1_000) rows.delete(rows.keys().next().value!);
  }
  stream.recordHeartbeat(context, heartbeat, receivedAt);
  return true;
}

/**
 * What both heartbeat endpoints do before recording: the relay's scope, a JSON body that `schema` reads, no NUL in
 * its text. Undefined when it answered the refusal itself. A relay sends one a second: a successful one's request
 * line is at debug, its refusals and failures stay at info and above (ADR 027).
 */
async function readHeartbeatBody<T>(exchange: Exchange, schema: z.ZodType<T>, nulAt: (string | number)[]): Promise<T | undefined> {
  const { request, response } = exchange;
  response.routine = true;
  if (!(await requireClient(exchange, "bridge:ingest"))) return undefined;
  const body = await readJsonBody(request);
  if (!body.ok) return void sendError(response, body.status, body.error, { issues: body.issues });
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return void sendError(response, 400, "malformed_request", { issues: validationIssues(parsed.error) });
  if (containsNul(parsed.data)) return void sendError(response, 400, "malformed_request", { issues: [{ path: nulAt, message: "text must not contain U+0000" }] });
  return parsed.data;
}

/**
 * A handler for one stream's relay heartbeat on its own endpoint (scope `bridge:ingest`): read, checked and recorded
 * as its stream says — the consent outbox's mark and the approval outbox's mark go through the same steps and differ
 * only in where they are kept (ADR 024, ADR 041).
 */
export function relayHeartbeatHandler(stream: HeartbeatStream): (exchange: Exchange) => Promise<void> {
  checkedTable(stream);
  return async (exchange) => {
    const heartbeat = await readHeartbeatBody(exchange, RelayHeartbeatSchema, ["relayId"]);
    if (heartbeat === undefined) return;
    const { response, context } = exchange;
    if (!(await recordHeartbeat(stream, context, heartbeat, context.clock()))) return sendError(response, 503, "database_unavailable");
    sendNoContent(response);
  };
}

/**
 * POST to the wire's `heartbeatsPath` (scope `bridge:ingest`; ADR 078): the relay's heartbeat for every stream, each mark
 * recorded exactly as on its own endpoint, so an idle relay makes one request a second instead of one per stream.
 * 204 when every mark given was recorded; 503 when one could not be (the others are still taken).
 */
export function receiveRelayHeartbeats(streams: readonly HeartbeatStream[]): (exchange: Exchange) => Promise<void> {
  for (const stream of streams) checkedTable(stream);
  // Each stream's mark under its key on the wire — `{ consent, approvals? }` for the bridge's two (issue 31).
  const schema = heartbeatsBodySchema(streams.map((stream) => stream.wire));
  return async (exchange) => {
    const heartbeats = await readHeartbeatBody(exchange, schema, []);
    if (heartbeats === undefined) return;
    const { response, context } = exchange;
    const receivedAt = context.clock();
    let allRecorded = true;
    for (const stream of streams) {
      const heartbeat = heartbeats[stream.wire.heartbeat.key];
      if (heartbeat !== undefined && !(await recordHeartbeat(stream, context, heartbeat, receivedAt))) allRecorded = false;
    }
    if (!allRecorded) return sendError(response, 503, "database_unavailable");
    sendNoContent(response);
  };
}
