import { getDatabase, type Database } from "../../../db.server";

/** Stamps approval messages as acknowledged by the bridge; called only after its acknowledgement (at least once). */
export async function markApprovalMessagesDelivered(seqs: bigint[], at: Date = new Date(), db: Database = getDatabase()): Promise<void> {
  if (seqs.length === 0) return;
  await db.approvalOutbox.updateMany({ where: { seq: { in: seqs }, bridgeDeliveredAt: null }, data: { bridgeDeliveredAt: at } });
}
