import { getDatabase, type Database } from "../../../db.server";
import type { ApprovalDestination } from "./load-undelivered-approval-messages.server";

/** Stamps approval messages as acknowledged by the destination; called only after its acknowledgement (at least once). */
export async function markApprovalMessagesDelivered(destination: ApprovalDestination, seqs: bigint[], at: Date = new Date(), db: Database = getDatabase()): Promise<void> {
  if (seqs.length === 0) return;
  if (destination === "bridge") await db.approvalOutbox.updateMany({ where: { seq: { in: seqs }, bridgeDeliveredAt: null }, data: { bridgeDeliveredAt: at } });
  else await db.approvalOutbox.updateMany({ where: { seq: { in: seqs }, natsDeliveredAt: null }, data: { natsDeliveredAt: at } });
}
