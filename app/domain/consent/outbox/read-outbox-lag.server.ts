import { getDatabase, type Database } from "../../../db.server";
import type { OutboxDestination } from "./load-undelivered-outbox-rows.server";

/**
 * How long the oldest outbox row the destination has not acknowledged has been waiting, in milliseconds by the
 * database's clock (0 when every row is acknowledged). The relay stays silent on NATS while this passes its bound, so
 * replicas cannot keep answering from a state a waiting withdrawal has overtaken (ADR 051).
 */
export async function readOutboxLagMs(destination: OutboxDestination, db: Database = getDatabase()): Promise<number> {
  const rows =
    destination === "bridge"
      ? await db.$queryRaw<{ lag: number }[]>`
          SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 AS lag FROM "ConsentOutbox" o WHERE o."bridgeDeliveredAt" IS NULL`
      : await db.$queryRaw<{ lag: number }[]>`
          SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(o."createdAt")) * 1000, 0)::float8 AS lag FROM "ConsentOutbox" o WHERE o."natsDeliveredAt" IS NULL`;
  return Math.max(0, Number(rows[0]?.lag ?? 0));
}
