/**
 * The account concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { isAccountRefusal } from "./account-refusal";
export type { AccountRefusalReason } from "./account-refusal";
export { AccountIdSchema, AccountRolesSchema, ChangeContactSchema, ConfirmEmailChangeSchema, CreateAccountSchema, RequestResetSchema, ResetIdSchema, additionalRolesAdminsGive, primaryRolesAdminsCreate } from "./account-schemas";
