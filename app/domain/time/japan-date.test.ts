import { describe, expect, it } from "vitest";
import { japanDate } from "./japan-date";

describe("japanDate", () => {
  it("is the day in Japan: from 15:00 UTC it is already the next day there", () => {
    expect(japanDate(new Date("2026-11-25T14:59:59.999Z"))).toBe("2026-11-25");
    expect(japanDate(new Date("2026-11-25T15:00:00.000Z"))).toBe("2026-11-26");
    expect(japanDate("2026-12-31T23:30:00Z")).toBe("2027-01-01");
    expect(japanDate(Date.parse("2026-03-01T00:00:00+09:00"))).toBe("2026-03-01");
  });
});
