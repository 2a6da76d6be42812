/**
 * The access concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { dataUseMatchOpenApi } from "./data-use-match-openapi.server";
export { findRegisterEntry } from "./register/list-register-entries.server";
export { closeVisaKeys } from "./visas/visa-keys.server";
export { countCommitteeWork } from "./committee/count-committee-work.server";
export type { CommitteeWorkCount } from "./committee/count-committee-work.server";
