import { describe, expect, it } from "vitest";
import { addCalendarMonthsUtc, computeDatasetClocks, releaseEmbargo } from "./dataset-clocks";

const at = (iso: string) => new Date(iso);

describe("addCalendarMonthsUtc", () => {
  it("counts calendar months in UTC, keeping the time of day", () => {
    expect(addCalendarMonthsUtc(at("2026-04-15T09:30:00.000Z"), 24).toISOString()).toBe("2028-04-15T09:30:00.000Z");
    expect(addCalendarMonthsUtc(at("2026-11-01T00:00:00.000Z"), 2).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(addCalendarMonthsUtc(at("2026-04-15T09:30:00.000Z"), 0).toISOString()).toBe("2026-04-15T09:30:00.000Z");
  });

  it("ends on the last day of a month that lacks the starting day, never in the month after", () => {
    expect(addCalendarMonthsUtc(at("2026-01-31T12:00:00.000Z"), 1).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(addCalendarMonthsUtc(at("2028-02-29T00:00:00.000Z"), 12).toISOString()).toBe("2029-02-28T00:00:00.000Z");
    expect(addCalendarMonthsUtc(at("2026-08-31T00:00:00.000Z"), 30).toISOString()).toBe("2029-02-28T00:00:00.000Z");
  });

  it("reads an offset starting point in UTC (midnight in Tokyo is the previous day in UTC)", () => {
    expect(addCalendarMonthsUtc(at("2026-03-01T00:00:00+09:00"), 36).toISOString()).toBe("2029-02-28T15:00:00.000Z");
  });
});

describe("releaseEmbargo", () => {
  const clocks = computeDatasetClocks(at("2026-01-10T00:00:00.000Z"), 24, 30);

  it("computes the moratorium and the public-database date from the starting point", () => {
    expect(clocks.publicationMoratoriumUntil?.toISOString()).toBe("2028-01-10T00:00:00.000Z");
    expect(clocks.publicDatabaseFrom?.toISOString()).toBe("2028-07-10T00:00:00.000Z");
    expect(computeDatasetClocks(at("2026-01-10T00:00:00.000Z"), null, null)).toMatchObject({ publicationMoratoriumUntil: null, publicDatabaseFrom: null });
  });

  it("blocks the public until the public-database date, from that moment on not", () => {
    const from = clocks.publicDatabaseFrom!.getTime();
    expect(releaseEmbargo(clocks, "public", from - 1)).toEqual({ blocked: true, reason: "embargo_public_database" });
    expect(releaseEmbargo(clocks, "public", from)).toEqual({ blocked: false, publicationNotBefore: null });
  });

  it("blocks the public forever when the dataset never moves to a public database", () => {
    const never = computeDatasetClocks(at("2000-01-01T00:00:00.000Z"), 24, null);
    expect(releaseEmbargo(never, "public", Date.UTC(2100, 0, 1))).toEqual({ blocked: true, reason: "embargo_public_database" });
  });

  it("lets industry receive under the publication moratorium, and academia and international without a term", () => {
    const now = Date.UTC(2026, 5, 1);
    expect(releaseEmbargo(clocks, "industry", now)).toEqual({ blocked: false, publicationNotBefore: clocks.publicationMoratoriumUntil });
    expect(releaseEmbargo(computeDatasetClocks(clocks.clockStartsAt, null, 30), "industry", now)).toEqual({ blocked: false, publicationNotBefore: null });
    expect(releaseEmbargo(clocks, "academia", now)).toEqual({ blocked: false, publicationNotBefore: null });
    expect(releaseEmbargo(clocks, "international", now)).toEqual({ blocked: false, publicationNotBefore: null });
  });
});
