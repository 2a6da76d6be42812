/**
 * The findings concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { loadParticipantCaseNotices } from "./load-participant-case-notices.server";
export type { ParticipantCaseNotice } from "./load-participant-case-notices.server";
export { countFindingCases } from "./count-finding-cases.server";
