import { getDatabase, type Database } from "../../../db.server";
import type { OutboxDestination } from "./load-undelivered-outbox-rows.server";

/** What a heartbeat is measured from: how long the oldest unacknowledged row has waited, and the acknowledged mark. */
export interface OutboxLagAndMark {
  /** Milliseconds by the database's clock that the oldest row the destination has not acknowledged has waited (0 when none). */
  lagMs: number;
  /** The highest globalSeq such that every row up to it has been acknowledged ("0" when none has); see readOutboxHighWaterMark. */
  mark: string;
}

/**
 * The lag and the mark of one destination in one statement, so from one snapshot: the mark holds every row the lag
 * counted as acknowledged (ADR 051), and a heartbeat costs one round trip instead of two (issue 30 item 5). The relay
 * stays silent on NATS while the lag passes its bound, so replicas cannot keep answering from a state a waiting
 * withdrawal has overtaken (ADR 051), and claims the outbox's head to the bridge over HTTP (ADR 066).
 */
export async function readOutboxLagAndMark(destination: OutboxDestination, db: Database = getDatabase()): Promise<OutboxLagAndMark> {
  const rows =
    destination === "bridge"
      ? await db.$queryRaw<{ lag: number; mark: string }[]>`
          SELECT (SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 FROM "ConsentOutbox" o WHERE o."bridgeDeliveredAt" IS NULL) AS lag,
                 (SELECT COALESCE(MAX(o."globalSeq"), 0)::text FROM "ConsentOutbox" o
                   WHERE o."globalSeq" < COALESCE((SELECT MIN(u."globalSeq") FROM "ConsentOutbox" u WHERE u."bridgeDeliveredAt" IS NULL), 9223372036854775807)) AS mark`
      : await db.$queryRaw<{ lag: number; mark: string }[]>`
          SELECT (SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 FROM "ConsentOutbox" o WHERE o."natsDeliveredAt" IS NULL) AS lag,
                 (SELECT COALESCE(MAX(o."globalSeq"), 0)::text FROM "ConsentOutbox" o
                   WHERE o."globalSeq" < COALESCE((SELECT MIN(u."globalSeq") FROM "ConsentOutbox" u WHERE u."natsDeliveredAt" IS NULL), 9223372036854775807)) AS mark`;
  return { lagMs: Math.max(0, Number(rows[0]?.lag ?? 0)), mark: rows[0]?.mark ?? "0" };
}
