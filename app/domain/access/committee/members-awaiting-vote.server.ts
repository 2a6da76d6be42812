import type { Database, Transaction } from "../../../db.server";
import { seatedWhere } from "./committee-seats.server";

export interface MemberAwaitingVote {
  userId: string;
  email: string;
  preferredLanguage: "ja" | "ja_easy" | "en";
}

/**
 * The members an open vote still waits on: seated now, their account enabled, not recused from the application (a
 * member who has not declared yet is waited on: they declare, then vote), and no vote cast in the current round.
 * Whether the vote is open at all is the caller's question, asked under the application's lock.
 */
export async function membersAwaitingVote(
  db: Database | Transaction,
  application: { id: string; reviewRound: number },
  now: Date,
  onlyUserId?: string,
): Promise<MemberAwaitingVote[]> {
  const [seated, recused, voted] = await Promise.all([
    db.committeeMember.findMany({ where: { ...seatedWhere(now), ...(onlyUserId ? { userId: onlyUserId } : {}) }, select: { userId: true }, orderBy: { createdAt: "asc" } }),
    db.conflictDeclaration.findMany({ where: { applicationId: application.id, conflicted: true }, select: { userId: true } }),
    db.applicationVote.findMany({ where: { applicationId: application.id, round: application.reviewRound }, select: { userId: true } }),
  ]);
  const excluded = new Set([...recused, ...voted].map((row) => row.userId));
  const waiting = seated.filter((member) => !excluded.has(member.userId)).map((member) => member.userId);
  if (waiting.length === 0) return [];
  const users = await db.user.findMany({ where: { id: { in: waiting }, disabledAt: null }, select: { id: true, email: true, preferredLanguage: true } });
  const byId = new Map(users.map((user) => [user.id, user]));
  return waiting.flatMap((userId) => {
    const user = byId.get(userId);
    return user ? [{ userId, email: user.email, preferredLanguage: user.preferredLanguage }] : [];
  });
}
