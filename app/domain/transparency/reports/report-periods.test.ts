import { describe, expect, it } from "vitest";
import { nextEdition, periodContaining } from "./report-periods";

describe("report periods (Japan calendar)", () => {
  it("a quarter, a month and a year contain a moment by Japan time, not UTC", () => {
    // 31 March 2027 16:00 UTC is 1 April 01:00 in Japan: the second quarter there.
    const moment = new Date("2027-03-31T16:00:00Z");
    expect(periodContaining("quarterly", moment)).toEqual({ start: new Date("2027-03-31T15:00:00Z"), end: new Date("2027-06-30T15:00:00Z") });
    expect(periodContaining("monthly", moment)).toEqual({ start: new Date("2027-03-31T15:00:00Z"), end: new Date("2027-04-30T15:00:00Z") });
    expect(periodContaining("yearly", moment)).toEqual({ start: new Date("2026-12-31T15:00:00Z"), end: new Date("2027-12-31T15:00:00Z") });
  });

  it("the last quarter of a year ends when the next year begins in Japan", () => {
    expect(periodContaining("quarterly", new Date("2026-11-29T03:00:00Z"))).toEqual({ start: new Date("2026-09-30T15:00:00Z"), end: new Date("2026-12-31T15:00:00Z") });
  });

  it("the next edition covers the period its predecessor was published in, and is due at 10:00 Japan time when it ends", () => {
    const { period, suggestedPublishAt } = nextEdition("quarterly", new Date("2026-10-05T01:00:00Z"));
    expect(period.start).toEqual(new Date("2026-09-30T15:00:00Z"));
    expect(suggestedPublishAt).toEqual(new Date("2027-01-01T01:00:00Z"));
  });
});
