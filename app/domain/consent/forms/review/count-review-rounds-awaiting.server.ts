import { getDatabase, type Database } from "../../../../db.server";

/**
 * How many co-review rounds of the explanatory documents (ADR 061) are open and hold no comment of this panel
 * member's yet, and since when the oldest has been open (issue 55 Deliver 5: the home page's count, which links to
 * /panel/reviews). A round they have commented in no longer waits on them, though it stays open to more.
 */
export async function countReviewRoundsAwaiting(input: { reviewerUserId: string }, db: Database = getDatabase()): Promise<{ count: number; oldest: Date | null }> {
  const rounds = await db.documentReviewRound.aggregate({
    where: { closedAt: null, comments: { none: { authorUserId: input.reviewerUserId } } },
    _count: { _all: true },
    _min: { openedAt: true },
  });
  return { count: rounds._count._all, oldest: rounds._min.openedAt };
}
