/**
 * The lifecycle concept's public entry for server code: what other concepts and the services may use (ADR 101, 102).
 * Everything else in this folder is the concept's own; lint refuses another concept's import of it.
 */
export { closeDatabaseConnections } from "./close-database-connections.server";
export { checkDatabaseLogin } from "./check-database-login.server";
export { releaseProcessResources } from "./release-process-resources.server";
