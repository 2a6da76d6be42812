/**
 * The mail concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export type { ContactCheck, ContactCheckVerdict } from "./contact-check";
