/**
 * The family concept's public entry for server code: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { acceptFamilyInvitation, openFamilyInvitation } from "./accept-family-invitation.server";
export { inviteFamilyMember } from "./invite-family-member.server";
export { loadFamilySharing } from "./load-family-sharing.server";
export { changeFamilyScope, confirmFamilyAccess, endFamilyAccess, nominateFamilyRelative, withdrawFamilyInvitation } from "./manage-family-access.server";
export { listFollowedPeople, readSharedSummary } from "./read-followed.server";
export { stopFollowing } from "./stop-following.server";
