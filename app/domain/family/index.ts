/**
 * The family concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { familyRelationships, familyScopes } from "./family-access-rule";
export { AcceptFamilyInvitationSchema, FamilyActionSchema, StopFollowingSchema } from "./family-schemas";
