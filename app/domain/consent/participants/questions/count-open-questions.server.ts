import { getDatabase, type Database } from "../../../../db.server";
import { participantsIn, scopeIsEmpty } from "../../../facilities";
import { loadStaffAccess } from "../../../facilities/index.server";

/**
 * How many participants' questions wait for an answer at this coordinator's facilities, and since when the oldest
 * has waited (issue 55 Deliver 5: the home page's count, which links to /staff/questions). The same scope as the
 * queue (`listQuestionQueue`), counted instead of read.
 */
export async function countOpenQuestions(input: { userId: string }, db: Database = getDatabase()): Promise<{ count: number; oldest: Date | null }> {
  const { scope } = await loadStaffAccess(input.userId, db);
  if (scopeIsEmpty(scope)) return { count: 0, oldest: null };
  const open = await db.participantQuestion.aggregate({ where: { answeredAt: null, participant: { is: participantsIn(scope) } }, _count: { _all: true }, _min: { askedAt: true } });
  return { count: open._count._all, oldest: open._min.askedAt };
}
