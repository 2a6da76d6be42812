/**
 * The facilities concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { chooseEnrolmentFacility } from "./choose-enrolment-facility.server";
export { loadStaffAccess } from "./load-staff-scope.server";
export { requireParticipantInScope } from "./require-participant-in-scope.server";
export { enrolmentFacilitiesFor } from "./choose-enrolment-facility.server";
export { listFacilities } from "./list-facilities.server";
export type { StaffAccess } from "./load-staff-scope.server";
export type { ParticipantInScope } from "./require-participant-in-scope.server";
export { setFacilityMemberships } from "./set-facility-memberships.server";
