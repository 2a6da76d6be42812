/**
 * The authz concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { hasPermission } from "./permissions";
export type { Permission } from "./permissions";
export { emailLinkRoles, isStaffRole, roles, rolesOf, usesEmailLinks } from "./roles";
export type { Role, RoleSet } from "./roles";
export { destinationsFor, homeCardsFor, mailboxVisibleTo, menuFor, publicMenu } from "./destinations";
export type { MenuEntry } from "./destinations";
export { staffRoles } from "./roles";
