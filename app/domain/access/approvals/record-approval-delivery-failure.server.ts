import { getDatabase, type Database } from "../../../db.server";

/** Counts a failed attempt on the approval messages it carried and keeps the reason, for whoever looks at a stuck outbox. */
export async function recordApprovalDeliveryFailure(seqs: bigint[], problem: string, db: Database = getDatabase()): Promise<void> {
  if (seqs.length === 0) return;
  await db.approvalOutbox.updateMany({ where: { seq: { in: seqs } }, data: { attempts: { increment: 1 }, lastError: `bridge: ${problem}`.slice(0, 1000) } });
}
