import { getDatabase, type Database } from "../../db.server";
import { resetRequestLifetimeMs } from "./account-schemas";

/**
 * How many second-factor resets wait for this administrator's approval (ADR 042: a second administrator approves,
 * never the one who asked, nor the one the reset is for), and since when the oldest has waited — the home page's count
 * for `users:manage` (issue 55 Deliver 5), which links to /admin/second-factor-resets. Expired requests no longer wait.
 */
export async function countSecondFactorResetsAwaiting(input: { userId: string; now?: Date }, db: Database = getDatabase()): Promise<{ count: number; oldest: Date | null }> {
  const now = input.now ?? new Date();
  const pending = await db.secondFactorReset.aggregate({
    where: {
      approvedAt: null,
      cancelledAt: null,
      requestedAt: { gt: new Date(now.getTime() - resetRequestLifetimeMs) },
      requestedById: { not: input.userId },
      targetUserId: { not: input.userId },
    },
    _count: { _all: true },
    _min: { requestedAt: true },
  });
  return { count: pending._count._all, oldest: pending._min.requestedAt };
}
