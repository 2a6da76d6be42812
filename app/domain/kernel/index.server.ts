/**
 * The shared kernel's public entry for server code: what the server, scripts and every concept may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { auditRowValues, recordAuditEvent } from "./record-audit-event.server";
export type { AuditRowValues } from "./record-audit-event.server";
