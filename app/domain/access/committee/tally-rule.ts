/**
 * The committee's tally rule (issue 15 item 3; ADR 040), one pure function: given the rule, who may vote and the
 * votes cast, is the vote quorate, did approval reach the majority, and which decisions may the chair record?
 *
 * - Eligible: the members seated when the tally is taken, less those who declared a conflict for the application.
 * - Quorum: more than `quorumPercent` % of the eligible members cast a vote (an abstention is a vote cast).
 * - Panel: with `requirePanelVote`, at least one vote cast from a participant-panel seat.
 * - Majority: approvals (with or without conditions) are more than `majorityPercent` % of the votes that are not
 *   abstentions (at least that share when `majorityInclusive`); with no such votes it is not reached.
 * - The chair may approve only a quorate tally with a panel vote whose approval reached the majority; may reject a
 *   quorate tally (with its panel vote) that did not; and may always defer (the next round votes afresh).
 * Integer arithmetic only: `a * 100 > p * b` never rounds.
 */

export type Seat = "chair" | "expert" | "panel";
export type VoteChoice = "approve" | "approve_with_conditions" | "reject" | "abstain";
export type DecisionOutcome = "approved" | "rejected" | "deferred";

export interface TallyRule {
  quorumPercent: number;
  majorityPercent: number;
  majorityInclusive: boolean;
  requirePanelVote: boolean;
}

export const defaultTallyRule: TallyRule = { quorumPercent: 50, majorityPercent: 50, majorityInclusive: false, requirePanelVote: true };

export interface EligibleMember {
  userId: string;
  seat: Seat;
}

export interface CastVote {
  userId: string;
  seat: Seat;
  choice: VoteChoice;
}

export interface Tally {
  rule: TallyRule;
  eligible: number;
  cast: number;
  counts: Record<VoteChoice, number>;
  panelVotes: number;
  quorate: boolean;
  panelVoteMet: boolean;
  majorityReached: boolean;
  /** What the chair may record now, `deferred` always among them. */
  allowed: DecisionOutcome[];
}

export function tallyVotes(rule: TallyRule, eligible: readonly EligibleMember[], votes: readonly CastVote[]): Tally {
  const eligibleIds = new Set(eligible.map((member) => member.userId));
  // A vote from someone no longer eligible (recused, or whose seat ended) is not counted.
  const counted = votes.filter((vote) => eligibleIds.has(vote.userId));
  const counts: Record<VoteChoice, number> = { approve: 0, approve_with_conditions: 0, reject: 0, abstain: 0 };
  for (const vote of counted) counts[vote.choice] += 1;
  const cast = counted.length;
  const panelVotes = counted.filter((vote) => vote.seat === "panel").length;
  const quorate = eligibleIds.size > 0 && cast * 100 > rule.quorumPercent * eligibleIds.size;
  const panelVoteMet = !rule.requirePanelVote || panelVotes > 0;
  const favourable = counts.approve + counts.approve_with_conditions;
  const decisive = cast - counts.abstain;
  const majorityReached =
    decisive > 0 && (rule.majorityInclusive ? favourable * 100 >= rule.majorityPercent * decisive : favourable * 100 > rule.majorityPercent * decisive);
  const allowed: DecisionOutcome[] = [];
  if (quorate && panelVoteMet) allowed.push(majorityReached ? "approved" : "rejected");
  allowed.push("deferred");
  return { rule, eligible: eligibleIds.size, cast, counts, panelVotes, quorate, panelVoteMet, majorityReached, allowed };
}

/** The rule as numbers a person can check against the page: how many votes make a quorum of `eligible`. */
export function votesNeededForQuorum(rule: TallyRule, eligible: number): number {
  return Math.floor((rule.quorumPercent * eligible) / 100) + 1;
}
