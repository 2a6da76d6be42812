import { describe, expect, it } from "vitest";
import { formatShownCount, showCount } from "./small-count";

describe("showCount", () => {
  it("shows counts from 1 to 9 as <10 to anyone but ELSI staff", () => {
    for (let count = 1; count <= 9; count++) expect(formatShownCount(showCount(count, { seesExactCounts: false }))).toBe("<10");
  });

  it("shows 0 and counts of 10 or more exactly to everyone", () => {
    for (const count of [0, 10, 11, 99, 100_000]) expect(formatShownCount(showCount(count, { seesExactCounts: false }))).toBe(String(count));
  });

  it("shows ELSI staff every count exactly", () => {
    for (let count = 0; count <= 12; count++) expect(formatShownCount(showCount(count, { seesExactCounts: true }))).toBe(String(count));
  });
});
