import { describe, expect, it } from "vitest";
import { hasPermission, permissions } from "./permissions";
import { roles, staffRoles } from "./roles";

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

  it("denies a permission nobody was granted", () => {
    for (const role of roles) expect(hasPermission(role, "nonexistent" as (typeof permissions)[number])).toBe(false);
  });
});
