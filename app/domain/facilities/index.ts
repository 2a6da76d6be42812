/**
 * The facilities concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export type { FacilitySummary } from "./facility-kinds";
export { participantsIn, scopeIncludes, scopeIsEmpty } from "./participant-scope";
export type { StaffScope } from "./participant-scope";
export { facilityKinds, facilityName } from "./facility-kinds";
export type { FacilityKind } from "./facility-kinds";
export { isFacilityBound, programmeWideRoles } from "./participant-scope";
