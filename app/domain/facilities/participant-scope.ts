import type { Role } from "../authz";

/**
 * Which participants a staff member may see and act on (ADR 015). Permissions (app/domain/authz/permissions.ts)
 * say WHAT a role may do; the scope says TO WHOM. Both must allow an action.
 *
 * - Coordinators and counsellors work at hospitals: they reach only the participants enrolled at the facilities
 *   they are members of, and nobody at all until an administrator adds them to one (least privilege).
 * - ELSI staff and admins oversee the whole programme: they reach every facility, and every read of identity is
 *   audited like anyone else's.
 * - Every other role has no business with participants' records: an empty scope.
 */
export type StaffScope = { kind: "all" } | { kind: "facilities"; facilityIds: readonly string[] };

export const facilityBoundRoles: readonly Role[] = ["coordinator", "counsellor"];
export const programmeWideRoles: readonly Role[] = ["elsi_staff", "admin"];

/** Roles whose access depends on facility membership, so that assigning facilities to them means something. */
export function isFacilityBound(role: Role): boolean {
  return facilityBoundRoles.includes(role);
}

export function scopeFor(role: Role, memberOf: readonly string[]): StaffScope {
  if (programmeWideRoles.includes(role)) return { kind: "all" };
  if (facilityBoundRoles.includes(role)) return { kind: "facilities", facilityIds: [...new Set(memberOf)] };
  return { kind: "facilities", facilityIds: [] };
}

/** The rule itself: may someone with this scope see or act on a participant enrolled at `facilityId`? */
export function scopeIncludes(scope: StaffScope, facilityId: string): boolean {
  return scope.kind === "all" || scope.facilityIds.includes(facilityId);
}

/** True when the scope can reach nobody (a coordinator or counsellor not yet added to any facility). */
export function scopeIsEmpty(scope: StaffScope): boolean {
  return scope.kind === "facilities" && scope.facilityIds.length === 0;
}

/** The same rule as a filter on participant rows, for lists and searches (`where: { ...participantsIn(scope) }`). */
export function participantsIn(scope: StaffScope): { facilityId?: { in: string[] } } {
  return scope.kind === "all" ? {} : { facilityId: { in: [...scope.facilityIds] } };
}
