/**
 * The findings concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { loadParticipantCaseNotices } from "./load-participant-case-notices.server";
export type { ParticipantCaseNotice } from "./load-participant-case-notices.server";
export { countFindingCases } from "./count-finding-cases.server";
export { readFindingCaseRecords } from "./finding-case-records.server";
export { findingsOpenApi } from "./findings-openapi.server";
export { listFindingQueue } from "./list-finding-queue.server";
export { loadFindingCase } from "./load-finding-case.server";
export { openSealedFinding } from "./open-sealed-finding.server";
export { submitFinding } from "./submit-finding.server";
export { takeCaseStep } from "./take-case-step.server";
