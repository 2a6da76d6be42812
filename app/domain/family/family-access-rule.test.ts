import { describe, expect, it } from "vitest";
import { familyMaySee, familyScopes, isNarrowerScope, viewsOfScope } from "./family-access-rule";

describe("what a family member may see of a participant now", () => {
  const live = { pausedAt: null, endedAt: null };
  it("shows updates to every live follower, and the summary only to those it was shared with", () => {
    expect(familyMaySee({ scope: "updates", ...live }, "updates")).toBe("allowed");
    expect(familyMaySee({ scope: "updates", ...live }, "summary")).toBe("not_shared");
    expect(familyMaySee({ scope: "updates_and_summary", ...live }, "summary")).toBe("allowed");
  });
  it("shows nothing once access is paused (the transfer at majority) or ended, whatever the scope", () => {
    for (const scope of familyScopes) {
      for (const view of ["updates", "summary"] as const) {
        expect(familyMaySee({ scope, pausedAt: new Date(), endedAt: null }, view)).toBe("paused");
        expect(familyMaySee({ scope, pausedAt: null, endedAt: new Date() }, view)).toBe("ended");
        expect(familyMaySee({ scope, pausedAt: new Date(), endedAt: new Date() }, view)).toBe("ended");
      }
    }
    expect(familyMaySee(null, "updates")).toBe("ended");
  });
  it("orders the scopes narrowest first, and lists what each opens", () => {
    expect(isNarrowerScope("updates", "updates_and_summary")).toBe(true);
    expect(isNarrowerScope("updates_and_summary", "updates")).toBe(false);
    expect(viewsOfScope("updates")).toEqual(["updates"]);
    expect(viewsOfScope("updates_and_summary")).toEqual(["updates", "summary"]);
  });
});
