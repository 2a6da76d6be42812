import { ApprovalEnvelopeSchema, readApprovalMessage, type ApprovalChangeMessage, type ApprovalEnvelope, type ApprovalParkReason } from "@tsunagi/consent-rules/approval-change-message";
import type { PoolClient } from "pg";
import type { BridgePool } from "../db/bridge-pool";
import { inIngestTransaction } from "../projection/apply-consent-changes";
import type { IncomingMessage } from "../streams/message-stream";
import { parkMessages, type ParkingTable } from "../streams/park-messages";
import { batchCounts, newestPerRecord, orderBatch, parkedAs, splitForStore } from "../streams/triage-batch";
import type { ApprovalRecord } from "./approval-store";

/** One delivered approval message as the reader judged it (readApprovalMessage); malformed ones never get this far. */
export type IncomingApprovalChange = IncomingMessage<ApprovalEnvelope, ApprovalChangeMessage, ApprovalParkReason>;

export type ParkedApprovalReason = ApprovalParkReason | "behind_parked";

export interface AppliedApprovalChanges {
  applied: number;
  duplicates: number;
  stale: number;
  parked: number;
  parkedMessages: { eventId: string; seq: string; approvalId: string; kind: string; schemaVersion: string; reason: ParkedApprovalReason }[];
  /** Approvals whose held version changed, for memory once the transaction has committed. */
  updated: ApprovalRecord[];
  /** The highest approval-outbox position in the batch: every message up to it is now recorded. */
  highestSeq: bigint;
}

/** Where approval messages wait that this bridge cannot read yet (ADR 041, as ADR 024). */
const approvalParking: ParkingTable = { table: "bridge.parked_approval_message", positionColumn: "seq", keyColumn: "approval_id", keyType: "uuid" };

/**
 * Applies a batch of approval messages in one transaction (ADR 041), as consent messages are (ADR 024): a known event
 * id is a duplicate; an approval's row is replaced only by a higher version, so duplicates and reordering never take
 * a revocation back; a message this bridge cannot read, and every later one for the same approval, is parked.
 */
export async function applyApprovalChanges(pool: BridgePool, changes: readonly IncomingApprovalChange[]): Promise<AppliedApprovalChanges> {
  return inIngestTransaction(pool, (client) => applyApprovalsWithin(client, changes));
}

export async function applyApprovalsWithin(client: PoolClient, changes: readonly IncomingApprovalChange[]): Promise<AppliedApprovalChanges> {
  const { unique, highest: highestSeq } = orderBatch(changes, (change) => change.raw.seq);
  const eventIds = unique.map((change) => change.raw.eventId);
  const known = await client.query<{ event_id: string }>(
    `SELECT event_id FROM bridge.approval_change WHERE event_id = ANY($1::uuid[])
     UNION SELECT event_id FROM bridge.parked_approval_message WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  const blocked = await client.query<{ approval_id: string; from_seq: string }>(
    `SELECT approval_id, min(seq)::text AS from_seq FROM bridge.parked_approval_message WHERE approval_id = ANY($1::uuid[]) GROUP BY approval_id`,
    [[...new Set(unique.map((change) => change.raw.approvalId))]],
  );
  const parkedFrom = new Map(blocked.rows.map((row) => [row.approval_id, BigInt(row.from_seq)]));
  const seen = new Set(known.rows.map((row) => row.event_id));
  const { toApply, toPark } = splitForStore(
    unique,
    { seen, parkedFrom },
    (change) => change.raw.approvalId,
    (change) => change.raw.seq,
  );
  await parkMessages(client, approvalParking, toPark, (change) => change.raw.approvalId, (change) => change.raw.seq);
  const inserted = await client.query<{ event_id: string }>(
    `INSERT INTO bridge.approval_change (event_id, seq, approval_id, version, message)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::integer[], $5::jsonb[])
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [
      toApply.map(({ message }) => message.eventId),
      toApply.map(({ message }) => message.seq),
      toApply.map(({ message }) => message.approvalId),
      toApply.map(({ message }) => message.version),
      // The record keeps what was sent, unknown members included.
      toApply.map(({ raw }) => JSON.stringify(raw)),
    ],
  );
  const fresh = new Set(inserted.rows.map((row) => row.event_id));
  const winners = newestPerRecord(
    toApply.map(({ message }) => message),
    fresh,
    (message) => message.approvalId,
  );
  const upserted = await client.query<{ approval_id: string }>(
    `INSERT INTO bridge.approval (approval_id, version, event_id, seq, scope, occurred_at, updated_at)
     SELECT a, v, e, s, c, o, now() FROM unnest($1::uuid[], $2::integer[], $3::uuid[], $4::bigint[], $5::jsonb[], $6::timestamptz[]) AS t(a, v, e, s, c, o)
     ON CONFLICT (approval_id) DO UPDATE
        SET version = EXCLUDED.version, event_id = EXCLUDED.event_id, seq = EXCLUDED.seq, scope = EXCLUDED.scope,
            occurred_at = EXCLUDED.occurred_at, updated_at = now()
      WHERE bridge.approval.version < EXCLUDED.version
     RETURNING approval_id::text`,
    [
      winners.map((message) => message.approvalId),
      winners.map((message) => message.version),
      winners.map((message) => message.eventId),
      winners.map((message) => message.seq),
      winners.map((message) => JSON.stringify(message.approval)),
      winners.map((message) => message.occurredAt),
    ],
  );
  const changed = new Set(upserted.rows.map((row) => row.approval_id));
  const updated = winners.filter((message) => changed.has(message.approvalId)).map(approvalRecordOf);
  return {
    ...batchCounts(changes.length, fresh.size, toPark.length, updated.length),
    parkedMessages: toPark.map(({ change, reason }) => ({
      eventId: change.raw.eventId,
      seq: change.raw.seq,
      approvalId: change.raw.approvalId,
      ...parkedAs(change),
      reason,
    })),
    updated,
    highestSeq,
  };
}

/**
 * At start, before approvals are loaded: applies the parked approval messages this bridge can now read, per approval
 * in `seq` order up to the first it still cannot, removing them in the same transaction (as ADR 024 for consent).
 */
export async function applyReadableParkedApprovals(pool: BridgePool): Promise<AppliedApprovalChanges> {
  return inIngestTransaction(pool, async (client) => {
    const { rows } = await client.query<{ event_id: string; approval_id: string; message: unknown }>(`SELECT event_id, approval_id, message FROM bridge.parked_approval_message ORDER BY seq`);
    const stillParked = new Set<string>();
    const readable: IncomingApprovalChange[] = [];
    for (const row of rows) {
      if (stillParked.has(row.approval_id)) continue;
      const envelope = ApprovalEnvelopeSchema.safeParse(row.message);
      const read = readApprovalMessage(row.message);
      if (envelope.success && read.outcome === "apply") readable.push({ outcome: "apply", raw: envelope.data, message: read.message });
      else stillParked.add(row.approval_id);
    }
    if (readable.length > 0) await client.query(`DELETE FROM bridge.parked_approval_message WHERE event_id = ANY($1::uuid[])`, [readable.map((change) => change.raw.eventId)]);
    return applyApprovalsWithin(client, readable);
  });
}

/** An approval message as the bridge holds it. */
export function approvalRecordOf(message: ApprovalChangeMessage): ApprovalRecord {
  return {
    approvalId: message.approvalId,
    version: message.version,
    eventId: message.eventId,
    seq: message.seq,
    occurredAt: new Date(message.occurredAt).toISOString(),
    scope: message.approval,
  };
}

