import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTallyRule, tallyVotes, votesNeededForQuorum, type CastVote, type EligibleMember, type Seat, type TallyRule, type VoteChoice } from "./tally-rule";

/**
 * An independent oracle for the tally rule, written from ADR 040's words rather than from the code: it walks the
 * smallest number of votes that would make a quorum, and compares shares as exact fractions (BigInt cross products
 * over the reduced fraction), so a slip in one formulation shows as a disagreement.
 */
function oracle(rule: TallyRule, eligible: EligibleMember[], votes: CastVote[]) {
  const seated = new Map(eligible.map((member) => [member.userId, member]));
  const cast = votes.filter((vote) => seated.has(vote.userId));
  let smallestQuorum = 0;
  while (smallestQuorum <= seated.size && !(smallestQuorum / seated.size > rule.quorumPercent / 100)) smallestQuorum += 1;
  const quorate = seated.size > 0 && cast.length >= smallestQuorum;
  const panel = cast.some((vote) => vote.seat === "panel");
  const yes = BigInt(cast.filter((vote) => vote.choice === "approve" || vote.choice === "approve_with_conditions").length);
  const counted = BigInt(cast.filter((vote) => vote.choice !== "abstain").length);
  const share = (a: bigint, b: bigint) => a * 100n - BigInt(rule.majorityPercent) * b; // sign of a/b − p/100
  const majority = counted > 0n && (rule.majorityInclusive ? share(yes, counted) >= 0n : share(yes, counted) > 0n);
  const canDecide = quorate && (panel || !rule.requirePanelVote);
  return { quorate, majority, approve: canDecide && majority, reject: canDecide && !majority };
}

const seats: Seat[] = ["chair", "expert", "panel"];
const choices: VoteChoice[] = ["approve", "approve_with_conditions", "reject", "abstain"];

const world = fc
  .record({
    rule: fc.record({
      quorumPercent: fc.integer({ min: 0, max: 99 }),
      majorityPercent: fc.integer({ min: 0, max: 99 }),
      majorityInclusive: fc.boolean(),
      requirePanelVote: fc.boolean(),
    }),
    members: fc.array(fc.constantFrom(...seats), { maxLength: 15 }),
    votes: fc.array(fc.record({ member: fc.nat(20), choice: fc.constantFrom(...choices) }), { maxLength: 20 }),
  })
  .map(({ rule, members, votes }) => {
    const eligible = members.map((seat, index) => ({ userId: `m${index}`, seat }));
    const byId = new Map<string, CastVote>();
    for (const vote of votes) {
      const member = eligible[vote.member];
      // One vote per member; an index past the seated members is a vote from someone recused or unseated.
      const userId = member?.userId ?? `gone${vote.member}`;
      if (!byId.has(userId)) byId.set(userId, { userId, seat: member?.seat ?? "panel", choice: vote.choice });
    }
    return { rule, eligible, votes: [...byId.values()] };
  });

describe("tallyVotes (ADR 040)", () => {
  it("agrees with the oracle on every random committee and vote set", () => {
    fc.assert(
      fc.property(world, ({ rule, eligible, votes }) => {
        const tally = tallyVotes(rule, eligible, votes);
        const expected = oracle(rule, eligible, votes);
        expect(tally.quorate).toBe(expected.quorate);
        expect(tally.majorityReached).toBe(expected.majority);
        expect(tally.allowed.includes("approved")).toBe(expected.approve);
        expect(tally.allowed.includes("rejected")).toBe(expected.reject);
        expect(tally.allowed).toContain("deferred");
      }),
      { numRuns: 2000 },
    );
  });

  it("never lets the chair approve without quorum, without a panel vote, or against the majority", () => {
    const members: EligibleMember[] = [
      { userId: "chair", seat: "chair" },
      { userId: "e1", seat: "expert" },
      { userId: "e2", seat: "expert" },
      { userId: "p1", seat: "panel" },
    ];
    const vote = (userId: string, choice: VoteChoice): CastVote => ({ userId, seat: members.find((m) => m.userId === userId)!.seat, choice });
    // Two of four is not more than half.
    expect(tallyVotes(defaultTallyRule, members, [vote("e1", "approve"), vote("p1", "approve")]).allowed).toEqual(["deferred"]);
    // Three of four, all approving, but no panel member among them.
    expect(tallyVotes(defaultTallyRule, members, [vote("chair", "approve"), vote("e1", "approve"), vote("e2", "approve")]).allowed).toEqual(["deferred"]);
    // Quorate with the panel, but a tie is not a majority: the chair may reject or defer.
    expect(tallyVotes(defaultTallyRule, members, [vote("e1", "approve"), vote("e2", "reject"), vote("p1", "abstain")]).allowed).toEqual(["rejected", "deferred"]);
    // Approval with conditions counts for approval.
    expect(tallyVotes(defaultTallyRule, members, [vote("e1", "approve_with_conditions"), vote("e2", "reject"), vote("p1", "approve")]).allowed).toEqual([
      "approved",
      "deferred",
    ]);
  });

  it("does not count a recused member's vote or seat, and says how many votes make a quorum", () => {
    const members: EligibleMember[] = [
      { userId: "e1", seat: "expert" },
      { userId: "p1", seat: "panel" },
      { userId: "e2", seat: "expert" },
    ];
    const tally = tallyVotes(defaultTallyRule, members, [
      { userId: "p1", seat: "panel", choice: "approve" },
      { userId: "recused", seat: "expert", choice: "approve" },
    ]);
    expect(tally.cast).toBe(1);
    expect(tally.quorate).toBe(false);
    expect(votesNeededForQuorum(defaultTallyRule, 3)).toBe(2);
    expect(votesNeededForQuorum(defaultTallyRule, 4)).toBe(3);
    expect(tallyVotes(defaultTallyRule, [], []).allowed).toEqual(["deferred"]);
  });
});
