import { describe, expect, it } from "vitest";
import { isStricterWithdrawal, withdrawalLevelsStricterThan, type WithdrawalLevel } from "./ledger-event";

// Written out here, not read from withdrawalLevels: the order is a promise to participants (ADR 018), not a detail.
const weakestFirst: WithdrawalLevel[] = ["no_contact", "no_further_use", "destroy"];

describe("withdrawal only gets stricter", () => {
  it("orders the levels no further contact < no further use < destroy, and any level is stricter than none", () => {
    for (const [i, next] of weakestFirst.entries()) {
      expect(isStricterWithdrawal(next, null)).toBe(true);
      for (const [j, current] of weakestFirst.entries()) expect(isStricterWithdrawal(next, current)).toBe(i > j);
    }
  });

  it("leaves open only the stricter levels", () => {
    expect(withdrawalLevelsStricterThan(null)).toEqual(weakestFirst);
    expect(withdrawalLevelsStricterThan("no_contact")).toEqual(["no_further_use", "destroy"]);
    expect(withdrawalLevelsStricterThan("no_further_use")).toEqual(["destroy"]);
    expect(withdrawalLevelsStricterThan("destroy")).toEqual([]);
  });
});
