import { z } from "zod";
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

type HeartbeatTable = "bridge.relay_heartbeat" | "bridge.approval_heartbeat";

/** Where a heartbeat of one outbox is kept: its table (by relay id) and the bridge's memory (what it answers from). */
interface HeartbeatKeeping {
  table: HeartbeatTable;
  remember: (context: BridgeContext, heartbeat: RelayHeartbeat, receivedAt: number) => void;
  what: string;
}

/** The consent outbox's mark (ADR 024): what decisions are answered against. */
export const consentHeartbeats: HeartbeatKeeping = { table: "bridge.relay_heartbeat", what: "heartbeat", remember: (context, heartbeat, at) => context.health.recordHeartbeat(heartbeat, at) };
/** The approval outbox's mark (ADR 041): what releases under approvals are answered against. */
export const approvalHeartbeats: HeartbeatKeeping = {
  table: "bridge.approval_heartbeat",
  what: "approval heartbeat",
  remember: (context, heartbeat, at) => context.approvalHealth.recordHeartbeat(heartbeat, at),
};

/**
 * The last row written per bridge, table and relay: a heartbeat with the same mark within HEARTBEAT_ROW_REFRESH_MS
 * writes nothing. Per bridge (its context), so two bridges in one process each write their own rows.
 */
const written = new WeakMap<BridgeContext, Map<HeartbeatTable, Map<string, { mark: string; at: number }>>>();

function writtenRows(context: BridgeContext, table: HeartbeatTable): Map<string, { mark: string; at: number }> {
  let tables = written.get(context);
  if (!tables) written.set(context, (tables = new Map()));
  let rows = tables.get(table);
  if (!rows) tables.set(table, (rows = new Map()));
  return rows;
}

/**
 * Records one heartbeat: in `table` by relay id (when its mark moved, or its row is HEARTBEAT_ROW_REFRESH_MS old),
 * then in memory. False when the row could not be written (then nothing is remembered: the bridge goes stale rather
 * than count a heartbeat it could not record).
 */
async function recordHeartbeat(keeping: HeartbeatKeeping, context: BridgeContext, heartbeat: RelayHeartbeat, receivedAt: number): Promise<boolean> {
  const rows = writtenRows(context, keeping.table);
  const last = rows.get(heartbeat.relayId);
  const unchanged = last !== undefined && last.mark === heartbeat.highWaterMark && receivedAt - last.at < HEARTBEAT_ROW_REFRESH_MS && receivedAt >= last.at;
  if (!unchanged) {
    try {
      await context.db.query(
        `INSERT INTO ${keeping.table} (relay_id, high_water_mark, sent_at, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (relay_id) DO UPDATE SET high_water_mark = EXCLUDED.high_water_mark, sent_at = EXCLUDED.sent_at, received_at = EXCLUDED.received_at`,
        [heartbeat.relayId, heartbeat.highWaterMark, heartbeat.sentAt, new Date(receivedAt)],
      );
    } catch (error) {
      rows.delete(heartbeat.relayId);
      log.warn({ error: errorText(error) }, `${keeping.what} not recorded`);
      return false;
    }
    rows.set(heartbeat.relayId, { mark: heartbeat.highWaterMark, at: receivedAt });
    if (rows.size > 1_000) rows.delete(rows.keys().next().value!);
  }
  keeping.remember(context, heartbeat, receivedAt);
  return true;
}

/**
 * A handler for one outbox's relay heartbeat (scope `bridge:ingest`): read, checked and recorded by `keeping`'s rules
 * — the consent outbox's mark and the approval outbox's mark go through the same steps and differ only in where they
 * are kept (ADR 024, ADR 041).
 */
export function relayHeartbeatHandler(keeping: HeartbeatKeeping): (exchange: Exchange) => Promise<void> {
  return async (exchange) => {
    const { request, response, context } = exchange;
    // A relay sends one a second per outbox: a successful one's request line is at debug, its refusals and failures
    // stay at info and above (ADR 027).
    response.routine = true;
    if (!(await requireClient(exchange, "bridge:ingest"))) return;
    const body = await readJsonBody(request);
    if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues });
    const heartbeat = RelayHeartbeatSchema.safeParse(body.value);
    if (!heartbeat.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(heartbeat.error) });
    if (containsNul(heartbeat.data)) return sendError(response, 400, "malformed_request", { issues: [{ path: ["relayId"], message: "text must not contain U+0000" }] });
    if (!(await recordHeartbeat(keeping, context, heartbeat.data, context.clock()))) return sendError(response, 503, "database_unavailable");
    sendNoContent(response);
  };
}

/**
 * The combined heartbeat's keys and where each mark is kept (ADR 078, amended by issue 31): the relay sends each
 * stream's mark under the key its configuration names (`RelayStream.heartbeat.key`), so a third stream is one more
 * entry here. `optional`: the relay leaves the mark out when it cannot read that outbox (so only what it carries goes
 * stale); the one that is not is the relay's heartbeat itself, without which it sends nothing.
 */
const combinedHeartbeats = {
  consent: { keeping: consentHeartbeats, optional: false },
  approvals: { keeping: approvalHeartbeats, optional: true },
} as const satisfies Record<string, { keeping: HeartbeatKeeping; optional: boolean }>;

type CombinedHeartbeatsShape<Keys> = { [Key in keyof Keys]: Keys[Key] extends { optional: true } ? z.ZodOptional<typeof RelayHeartbeatSchema> : typeof RelayHeartbeatSchema };

function combinedHeartbeatsSchema<Keys extends Record<string, { optional: boolean }>>(keys: Keys) {
  const shape = Object.fromEntries(Object.entries(keys).map(([key, { optional }]) => [key, optional ? RelayHeartbeatSchema.optional() : RelayHeartbeatSchema]));
  return z.strictObject(shape as CombinedHeartbeatsShape<Keys>);
}

/** Every stream's heartbeat in one request (ADR 078): `{ consent, approvals? }`, the consent mark always, the approval mark when the relay could read it. */
export const RelayHeartbeatsSchema = combinedHeartbeatsSchema(combinedHeartbeats);

/**
 * POST /internal/v1/heartbeats (scope `bridge:ingest`; ADR 078): the relay's heartbeat for every stream, each mark
 * recorded exactly as on its own endpoint (/internal/v1/heartbeat, /internal/v1/approval-heartbeat), so an idle relay
 * makes one request a second instead of one per stream. 204 when every mark given was recorded; 503 when one could not
 * be (the others are still taken).
 */
export async function receiveRelayHeartbeats(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  response.routine = true;
  if (!(await requireClient(exchange, "bridge:ingest"))) return;
  const body = await readJsonBody(request);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues });
  const heartbeats = RelayHeartbeatsSchema.safeParse(body.value);
  if (!heartbeats.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(heartbeats.error) });
  if (containsNul(heartbeats.data)) return sendError(response, 400, "malformed_request", { issues: [{ path: [], message: "text must not contain U+0000" }] });
  const receivedAt = context.clock();
  const given: Partial<Record<string, RelayHeartbeat>> = heartbeats.data;
  let allRecorded = true;
  for (const [key, { keeping }] of Object.entries(combinedHeartbeats)) {
    const heartbeat = given[key];
    if (heartbeat !== undefined && !(await recordHeartbeat(keeping, context, heartbeat, receivedAt))) allRecorded = false;
  }
  if (!allRecorded) return sendError(response, 503, "database_unavailable");
  sendNoContent(response);
}
