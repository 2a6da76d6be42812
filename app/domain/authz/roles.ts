export const roles = [
  "participant",
  "proxy",
  "family",
  "panel_member",
  "applicant",
  "coordinator",
  "counsellor",
  "elsi_staff",
  "dac_secretariat",
  "dac_chair",
  "admin",
] as const;
export type Role = (typeof roles)[number];

/** Staff act on other people's records: they must pass a second factor and are signed out when idle. */
export const staffRoles: readonly Role[] = ["coordinator", "counsellor", "elsi_staff", "dac_secretariat", "dac_chair", "admin"];

/** Roles that may receive a one-time sign-in link by email (participants and the people around them). */
export const emailLinkRoles: readonly Role[] = ["participant", "proxy", "family", "panel_member", "applicant"];

export function isStaffRole(role: Role): boolean {
  return staffRoles.includes(role);
}
