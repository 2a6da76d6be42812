import { describe, expect, it } from "vitest";
import type { ConsultationAudience } from "./consultation-model";
import { audienceColumns, AUDIENCE_COLUMN_MINIMUM, interimPointAtOrBefore, nextInterimPoint } from "./consultation-releases";

const everyone: ConsultationAudience[] = ["public", "participants", "families", "panel"];
const columns = (asked: ConsultationAudience[], counts: Partial<Record<ConsultationAudience, number>>) =>
  audienceColumns(asked, new Map(Object.entries(counts) as [ConsultationAudience, number][])).map((column) => column.id);

describe("how a release splits its figures by audience (ADR 115)", () => {
  it("gives an audience of twenty or more a column of its own, and counts the smaller ones together", () => {
    expect(AUDIENCE_COLUMN_MINIMUM).toBe(20);
    expect(columns(everyone, { public: 140, participants: 230, families: 6, panel: 14 })).toEqual(["public", "participants", "families+panel"]);
    // Two panel members among many public answers: no panel column, and no total beside a public column either.
    expect(columns(["public", "panel"], { public: 33, panel: 2 })).toEqual(["all"]);
    // Too few together: they join the smallest column of their own.
    expect(columns(everyone, { public: 500, participants: 40, families: 3, panel: 2 })).toEqual(["public", "participants+families+panel"]);
    expect(columns(everyone, { public: 19, participants: 19, families: 1, panel: 0 })).toEqual(["all"]);
    expect(columns(["public", "participants"], { public: 20, participants: 20 })).toEqual(["public", "participants"]);
    expect(columns(["public"], { public: 3 })).toEqual(["public"]);
    // An audience nobody answered in is counted with the others too.
    expect(columns(["public", "participants"], { public: 25 })).toEqual(["all"]);
  });

  it("every column holds at least twenty responses whenever there are two or more", () => {
    for (let trial = 0; trial < 500; trial++) {
      const counts = Object.fromEntries(everyone.map((audience, index) => [audience, Math.floor(((trial * 7919 + index * 104729) % 997) / (1 + (index * trial) % 20))])) as Record<ConsultationAudience, number>;
      const split = audienceColumns(everyone, new Map(Object.entries(counts) as [ConsultationAudience, number][]));
      if (split.length < 2) continue;
      for (const column of split) expect(column.audiences.reduce((sum, audience) => sum + counts[audience], 0)).toBeGreaterThanOrEqual(AUDIENCE_COLUMN_MINIMUM);
      expect(split.flatMap((column) => column.audiences).sort()).toEqual([...everyone].sort());
    }
  });

  it("sets interim points at midnight Japan time", () => {
    expect(interimPointAtOrBefore(new Date("2026-11-28T04:12:00Z")).toISOString()).toBe("2026-11-27T15:00:00.000Z");
    expect(interimPointAtOrBefore(new Date("2026-11-27T15:00:00Z")).toISOString()).toBe("2026-11-27T15:00:00.000Z");
    expect(interimPointAtOrBefore(new Date("2026-11-27T14:59:59.999Z")).toISOString()).toBe("2026-11-26T15:00:00.000Z");
    expect(nextInterimPoint(new Date("2026-11-28T04:12:00Z")).toISOString()).toBe("2026-11-28T15:00:00.000Z");
  });
});
