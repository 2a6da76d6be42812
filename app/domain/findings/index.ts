/**
 * The findings concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { closeReasons } from "./case-event";
export { findingQueueState } from "./finding-queue-state";
