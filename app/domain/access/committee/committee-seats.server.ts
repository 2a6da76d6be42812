import type { Database, Transaction } from "../../../db.server";
import { defaultTallyRule, type TallyRule } from "./tally-rule";

export const COMMITTEE_NAME = "data-use-committee";

/** Members seated on `day`: started, not ended, within their term. */
export function seatedWhere(now: Date) {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { endedAt: null, startsOn: { lte: day }, OR: [{ endsOn: null }, { endsOn: { gte: day } }], committee: { name: COMMITTEE_NAME } };
}

export async function seatedMembers(db: Database | Transaction, now: Date) {
  return db.committeeMember.findMany({ where: seatedWhere(now), orderBy: [{ seat: "asc" }, { createdAt: "asc" }] });
}

/** The seat a person holds now, if any (one seat per person). */
export async function seatOf(db: Database | Transaction, userId: string, now: Date) {
  return db.committeeMember.findFirst({ where: { ...seatedWhere(now), userId } });
}

export async function committeeRule(db: Database | Transaction): Promise<TallyRule & { committeeId: string }> {
  const committee = await db.dataAccessCommittee.findUnique({ where: { name: COMMITTEE_NAME } });
  if (!committee) return { ...defaultTallyRule, committeeId: "" };
  const { quorumPercent, majorityPercent, majorityInclusive, requirePanelVote } = committee;
  return { committeeId: committee.id, quorumPercent, majorityPercent, majorityInclusive, requirePanelVote };
}
