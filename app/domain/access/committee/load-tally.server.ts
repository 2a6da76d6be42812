import type { Database, Transaction } from "../../../db.server";
import { committeeRule, seatedMembers } from "./committee-seats.server";
import { tallyVotes, type Tally } from "./tally-rule";

/**
 * The tally of an application's current round, taken now: the committee's rule, the members seated now less those
 * who declared a conflict, the round's votes. The same function serves the page and the chair's decision.
 */
export async function loadTally(db: Database | Transaction, application: { id: string; reviewRound: number }, now: Date): Promise<Tally> {
  const [rule, members, conflicted, votes] = await Promise.all([
    committeeRule(db),
    seatedMembers(db, now),
    db.conflictDeclaration.findMany({ where: { applicationId: application.id, conflicted: true }, select: { userId: true } }),
    db.applicationVote.findMany({ where: { applicationId: application.id, round: application.reviewRound }, select: { userId: true, seat: true, choice: true } }),
  ]);
  const recused = new Set(conflicted.map((row) => row.userId));
  const eligible = members.filter((member) => !recused.has(member.userId)).map((member) => ({ userId: member.userId, seat: member.seat }));
  return tallyVotes(rule, eligible, votes);
}
