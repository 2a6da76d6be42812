import { getDatabase, type Database } from "../../../db.server";
import type { ApprovalDestination } from "./load-undelivered-approval-messages.server";

/** Counts a failed attempt on the approval messages it carried and keeps the reason, for whoever looks at a stuck outbox. */
export async function recordApprovalDeliveryFailure(destination: ApprovalDestination, seqs: bigint[], problem: string, db: Database = getDatabase()): Promise<void> {
  if (seqs.length === 0) return;
  await db.approvalOutbox.updateMany({ where: { seq: { in: seqs } }, data: { attempts: { increment: 1 }, lastError: `${destination}: ${problem}`.slice(0, 1000) } });
}
