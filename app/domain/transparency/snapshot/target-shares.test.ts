import { describe, expect, it } from "vitest";
import type { Figure } from "./snapshot-figures";
import { targetShares } from "./target-shares";

const count = (value: number) => ({ kind: "count" as const, value });
const figure = (cells: Figure["table"]["cells"], target: Figure["target"] = { row: "registered", share: 0.5 }): Figure => ({
  id: "study-registration",
  unit: "participants",
  rowDimension: "registration",
  columnDimension: "cohort",
  chart: "stacked-bars",
  disclosure: "protected",
  table: { rows: ["registered", "not_registered"], columns: ["cancer", "rare_disease"], cells, rowTotals: null, columnTotals: null, total: null },
  target,
});

describe("a figure's goal reached, from its published counts", () => {
  it("is the target row's share of each column, in whole per cent", () => {
    expect(targetShares(figure([[count(30), count(12)], [count(70), count(36)]]))).toEqual([
      { column: "cancer", percent: 30 },
      { column: "rare_disease", percent: 25 },
    ]);
  });

  it("is not worked out for a column with a count under 10 or withheld: the page says it cannot be", () => {
    expect(targetShares(figure([[{ kind: "small" }, count(12)], [count(70), { kind: "withheld" }]]))).toEqual([
      { column: "cancer", percent: null },
      { column: "rare_disease", percent: null },
    ]);
  });

  it("is nothing for a figure without a goal", () => {
    const { target: _target, ...withoutGoal } = figure([[count(30), count(12)], [count(70), count(36)]]);
    expect(targetShares(withoutGoal)).toEqual([]);
  });
});
