import { getDatabase, type Database } from "../../../db.server";
import { ApprovalEnvelopeSchema, type ApprovalEnvelope } from "@tsunagi/consent-rules/approval-change-message";

/** Where the relay carries approval messages (ADR 041, ADR 051): each has its own delivered-at, queue and backoff. */
export type ApprovalDestination = "bridge" | "nats";

export interface ApprovalOutboxRow {
  seq: bigint;
  /** The payload as the app wrote it, whatever its kind or version: the bridge decides what it can apply (ADR 041). */
  message: ApprovalEnvelope;
}

/**
 * The oldest approval messages the destination has not acknowledged, in `seq` order. The relay carries them as written,
 * checking only the envelope; a row without one (which the app never writes) ends the batch and is reported, never
 * skipped: skipping could lose a revocation and let the high-water mark pass it.
 */
export async function loadUndeliveredApprovalMessages(
  destination: ApprovalDestination,
  limit: number,
  db: Database = getDatabase(),
): Promise<{ rows: ApprovalOutboxRow[]; invalid?: { seq: bigint; problem: string } }> {
  const where = destination === "bridge" ? { bridgeDeliveredAt: null } : { natsDeliveredAt: null };
  const found = await db.approvalOutbox.findMany({ where, orderBy: { seq: "asc" }, take: limit, select: { seq: true, payload: true } });
  const rows: ApprovalOutboxRow[] = [];
  for (const row of found) {
    const parsed = ApprovalEnvelopeSchema.safeParse(row.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { rows, invalid: { seq: row.seq, problem: `approval outbox row ${row.seq} is not a valid approval message (${issue?.path.join(".")}: ${issue?.message})` } };
    }
    rows.push({ seq: row.seq, message: parsed.data });
  }
  return { rows };
}
