import { describe, expect, it } from "vitest";
import { hasPermission, permissions, permissionsOf } from "./permissions";
import { isStaffRole, roles, rolesOf, staffRoles } from "./roles";

describe("permissions", () => {
  it("gives every role its own account and nothing staff-only to participants and family", () => {
    for (const role of roles) expect(hasPermission(role, "account:manage:own")).toBe(true);
    for (const role of ["participant", "proxy", "family", "panel_member", "applicant"] as const) {
      expect(hasPermission(role, "staff:portal")).toBe(false);
      expect(hasPermission(role, "audit:read")).toBe(false);
    }
  });

  it("opens the staff portal to staff roles only", () => {
    for (const role of roles) expect(hasPermission(role, "staff:portal")).toBe(staffRoles.includes(role));
  });

  it("keeps the audit log and user management to admins", () => {
    for (const role of roles) {
      expect(hasPermission(role, "audit:read")).toBe(role === "admin");
      expect(hasPermission(role, "users:manage")).toBe(role === "admin");
    }
  });

  it("lets ELSI staff alone run recontact campaigns, and oversight read their results", () => {
    for (const role of roles) {
      expect(hasPermission(role, "recontact:manage")).toBe(role === "elsi_staff");
      expect(hasPermission(role, "recontact:read")).toBe(["elsi_staff", "admin", "dac_secretariat", "dac_chair"].includes(role));
    }
  });

  it("points those asked in a capacity of their own to consultations — the panel included, which has no programme updates", () => {
    for (const role of roles) expect(hasPermission(role, "consultations:answer")).toBe(["participant", "proxy", "family", "panel_member"].includes(role));
    expect(hasPermission("panel_member", "updates:read")).toBe(false);
  });

  it("denies a permission nobody was granted", () => {
    for (const role of roles) expect(hasPermission(role, "nonexistent" as (typeof permissions)[number])).toBe(false);
  });

  it("gives an account with several roles the union of them, and nothing more (issue 15)", () => {
    for (const a of roles)
      for (const b of roles)
        for (const permission of permissions)
          expect(hasPermission([a, b], permission)).toBe(hasPermission(a, permission) || hasPermission(b, permission));
    expect(permissionsOf(["participant", "panel_member"])).toEqual(expect.arrayContaining([...permissionsOf("participant"), ...permissionsOf("panel_member")]));
    expect(hasPermission([], "account:manage:own")).toBe(false);
  });

  it("holds a participant who also sits on staff to staff rules (second factor, short sessions)", () => {
    expect(isStaffRole(["participant", "dac_chair"])).toBe(true);
    expect(isStaffRole(["participant", "panel_member"])).toBe(false);
    expect(rolesOf({ role: "participant", additionalRoles: ["panel_member", "participant", "panel_member"] })).toEqual(["participant", "panel_member"]);
  });
});
