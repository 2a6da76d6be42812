/**
 * The authz concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { recordPermissionDenial } from "./record-permission-denial.server";
