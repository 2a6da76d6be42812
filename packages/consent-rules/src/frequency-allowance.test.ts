import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addJapanCalendarMonths, frequencyAllowance, readRecontactFrequency, recontactFrequencies, type RecontactFrequency } from "./frequency-allowance";

// ---------------------------------------------------------------------------------------------------------------
// The oracle: the window written out again from Japan's calendar as Intl reads it (not from a fixed offset), as
// tuples compared field by field: a message counts while "now", on Japan's calendar, is before the same day and time
// one year on (the last day of that month where the day does not exist).

const japanParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function japanTuple(at: Date): number[] {
  const parts = Object.fromEntries(japanParts.formatToParts(at).map((part) => [part.type, part.value]));
  return [Number(parts.year), Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second), at.getUTCMilliseconds()];
}

function daysInMonth(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function before(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function oracleCounts(sentAt: Date, now: Date): boolean {
  const [year, month, day, ...time] = japanTuple(sentAt);
  const anniversary = [year! + 1, month!, Math.min(day!, daysInMonth(year! + 1, month!)), ...time];
  return before(japanTuple(now), anniversary);
}

function oracleAllowed(frequency: RecontactFrequency, sentAt: Date[], now: Date, cap: number): boolean {
  if (frequency === "once_only") return sentAt.length === 0;
  const counted = sentAt.filter((at) => oracleCounts(at, now)).length;
  return counted < (frequency === "yearly" ? 1 : cap);
}

const jst = (text: string) => new Date(`${text}+09:00`);
const instant = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true });
// Times near the window's edges: a year after a message, give or take a day.
const nearAnniversary = (sent: Date) => fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }).map((delta) => new Date(addJapanCalendarMonths(sent, 12).getTime() + delta));

describe("frequencyAllowance", () => {
  it("agrees with the calendar oracle for random histories, frequencies and caps", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...recontactFrequencies),
        fc.array(instant, { maxLength: 8 }),
        instant,
        fc.integer({ min: 1, max: 12 }),
        (frequency, sentAt, now, cap) => {
          expect(frequencyAllowance(frequency, sentAt, now, cap).allowed).toBe(oracleAllowed(frequency, sentAt, now, cap));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("agrees with the oracle at the edge of the rolling year, to the millisecond", () => {
    fc.assert(
      fc.property(
        instant.chain((sent) => fc.tuple(fc.constant(sent), nearAnniversary(sent))),
        ([sent, now]) => {
          expect(frequencyAllowance("yearly", [sent], now).allowed).toBe(oracleAllowed("yearly", [sent], now, 4));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("counts a message until the same time one Japan calendar year later, and not at that instant", () => {
    const sent = [jst("2026-03-01T10:00:00.000")];
    expect(frequencyAllowance("yearly", sent, jst("2027-03-01T09:59:59.999")).allowed).toBe(false);
    expect(frequencyAllowance("yearly", sent, jst("2027-03-01T10:00:00.000")).allowed).toBe(true);
    // 29 February: the window ends on 28 February of the next year, at the same time.
    const leap = [jst("2028-02-29T08:00:00.000")];
    expect(frequencyAllowance("yearly", leap, jst("2029-02-28T07:59:59.999")).allowed).toBe(false);
    expect(frequencyAllowance("yearly", leap, jst("2029-02-28T08:00:00.000")).allowed).toBe(true);
    // Japan's date, not UTC's: 1 January 00:30 in Tokyo is still 31 December in UTC.
    const newYear = [jst("2027-01-01T00:30:00.000")];
    expect(frequencyAllowance("yearly", newYear, jst("2028-01-01T00:29:59.999")).allowed).toBe(false);
    expect(frequencyAllowance("yearly", newYear, jst("2028-01-01T00:30:00.000")).allowed).toBe(true);
  });

  it("allows one message ever for once_only, however long ago", () => {
    expect(frequencyAllowance("once_only", [], jst("2030-01-01T00:00:00")).allowed).toBe(true);
    expect(frequencyAllowance("once_only", [jst("2000-01-01T00:00:00")], jst("2030-01-01T00:00:00")).allowed).toBe(false);
  });

  it("allows as_needed up to the programme cap in the rolling year", () => {
    const now = jst("2027-06-01T12:00:00");
    const three = [jst("2026-07-01T00:00:00"), jst("2026-12-01T00:00:00"), jst("2027-05-01T00:00:00")];
    expect(frequencyAllowance("as_needed", three, now, 4)).toEqual({ allowed: true, limit: 4, counted: 3 });
    expect(frequencyAllowance("as_needed", [...three, jst("2027-05-31T00:00:00")], now, 4).allowed).toBe(false);
    // One from more than a year ago no longer counts.
    expect(frequencyAllowance("as_needed", [...three, jst("2026-05-31T00:00:00")], now, 4).allowed).toBe(true);
  });

  it("reads a missing or unknown frequency as once_only", () => {
    expect(readRecontactFrequency(undefined)).toBe("once_only");
    expect(readRecontactFrequency("weekly")).toBe("once_only");
    expect(readRecontactFrequency("yearly")).toBe("yearly");
  });
});
