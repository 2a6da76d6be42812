/**
 * The jobs concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { jobPayloadSchemas } from "./job-tasks";
export type { JobName, JobPayload } from "./job-tasks";
