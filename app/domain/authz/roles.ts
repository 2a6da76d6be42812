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
  "dac_expert",
  "admin",
] as const;
export type Role = (typeof roles)[number];

/** Staff act on other people's records: they must pass a second factor and are signed out when idle. */
export const staffRoles: readonly Role[] = ["coordinator", "counsellor", "elsi_staff", "dac_secretariat", "dac_chair", "admin"];

/** The committee's voting members: experts, participant-panel members and the chair (issue 15). */
export const committeeMemberRoles: readonly Role[] = ["dac_expert", "panel_member", "dac_chair"];

/** Roles that may receive a one-time sign-in link by email (participants and the people around them). */
export const emailLinkRoles: readonly Role[] = ["participant", "proxy", "family", "panel_member", "applicant", "dac_expert"];

/** Whether an account signs in by a link to its inbox — every role it holds may (ADR 141 proves again by the same inbox). */
export function usesEmailLinks(user: { role: Role; additionalRoles?: readonly Role[] | null }): boolean {
  return rolesOf(user).every((role) => emailLinkRoles.includes(role));
}

/** One role, or every role an account holds (issue 15: a participant on the panel, an expert who applies). */
export type RoleSet = Role | readonly Role[];

function asList(roles: RoleSet): readonly Role[] {
  return typeof roles === "string" ? [roles] : roles;
}

/** An account holding any staff role is held to staff rules (second factor, short sessions). */
export function isStaffRole(roles: RoleSet): boolean {
  return asList(roles).some((role) => staffRoles.includes(role));
}

/** Every role of an account: the one it was created for first, then the others it holds, without repeats. */
export function rolesOf(user: { role: Role; additionalRoles?: readonly Role[] | null }): Role[] {
  return [user.role, ...(user.additionalRoles ?? []).filter((role, index, list) => role !== user.role && list.indexOf(role) === index)];
}

export function roleList(roles: RoleSet): readonly Role[] {
  return asList(roles);
}
