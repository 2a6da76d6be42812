import { describe, expect, it } from "vitest";
import { roles, staffRoles } from "../authz/roles";
import { participantsIn, scopeFor, scopeIncludes, scopeIsEmpty } from "./participant-scope";

const own = "11111111-1111-4111-8111-111111111111";
const other = "22222222-2222-4222-8222-222222222222";

describe("the facility rule (ADR 015)", () => {
  it("coordinators and counsellors reach their own facilities' participants and no one else's", () => {
    for (const role of ["coordinator", "counsellor"] as const) {
      const scope = scopeFor(role, [own]);
      expect([scopeIncludes(scope, own), scopeIncludes(scope, other)], role).toEqual([true, false]);
      expect(participantsIn(scope), role).toEqual({ facilityId: { in: [own] } });
      const both = scopeFor(role, [own, other, own]);
      expect([scopeIncludes(both, own), scopeIncludes(both, other)], role).toEqual([true, true]);
    }
  });

  it("a coordinator or counsellor in no facility reaches nobody", () => {
    for (const role of ["coordinator", "counsellor"] as const) {
      const scope = scopeFor(role, []);
      expect(scopeIsEmpty(scope)).toBe(true);
      expect(scopeIncludes(scope, own)).toBe(false);
      expect(participantsIn(scope)).toEqual({ facilityId: { in: [] } });
    }
  });

  it("ELSI staff and admins reach every facility, member or not", () => {
    for (const role of ["elsi_staff", "admin"] as const) {
      for (const memberOf of [[], [own]]) {
        const scope = scopeFor(role, memberOf);
        expect([scopeIncludes(scope, own), scopeIncludes(scope, other), scopeIsEmpty(scope)]).toEqual([true, true, false]);
        expect(participantsIn(scope)).toEqual({});
      }
    }
  });

  it("every other role reaches nobody, even if a membership row exists", () => {
    const reaching = new Set(["coordinator", "counsellor", "elsi_staff", "admin"]);
    for (const role of roles.filter((candidate) => !reaching.has(candidate))) {
      const scope = scopeFor(role, [own]);
      expect([scopeIncludes(scope, own), scopeIsEmpty(scope)], role).toEqual([false, true]);
    }
    // Every staff role is decided one way or the other: none falls through by accident.
    expect(staffRoles.filter((role) => !reaching.has(role))).toEqual(["dac_secretariat", "dac_chair"]);
  });
});
