/**
 * The mail concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export type { ContactCheck, ContactCheckVerdict, ContactGuard } from "./contact-check";
export { isPushKind, pushKinds, pushPaths } from "./push-kinds";
export type { PushKind } from "./push-kinds";
