import { getDatabase, type Database } from "../../../db.server";
import type { OutboxDestination } from "./load-undelivered-outbox-rows.server";

/** Counts a failed attempt on the rows it carried and keeps the reason, for whoever looks at a stuck outbox. */
export async function recordOutboxDeliveryFailure(destination: OutboxDestination, globalSeqs: bigint[], problem: string, db: Database = getDatabase()): Promise<void> {
  if (globalSeqs.length === 0) return;
  await db.consentOutbox.updateMany({
    where: { globalSeq: { in: globalSeqs } },
    data: { attempts: { increment: 1 }, lastError: `${destination}: ${problem}`.slice(0, 1000) },
  });
}
