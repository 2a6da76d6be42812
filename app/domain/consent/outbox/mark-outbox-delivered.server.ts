import { getDatabase, type Database } from "../../../db.server";
import type { OutboxDestination } from "./load-undelivered-outbox-rows.server";

/** Stamps rows as acknowledged. Called only after the destination's acknowledgement: at least once, never at most once. */
export async function markOutboxDelivered(destination: OutboxDestination, globalSeqs: bigint[], at: Date = new Date(), db: Database = getDatabase()): Promise<void> {
  if (globalSeqs.length === 0) return;
  const where = { globalSeq: { in: globalSeqs } };
  if (destination === "bridge") await db.consentOutbox.updateMany({ where: { ...where, bridgeDeliveredAt: null }, data: { bridgeDeliveredAt: at } });
  else await db.consentOutbox.updateMany({ where: { ...where, natsDeliveredAt: null }, data: { natsDeliveredAt: at } });
}
