/**
 * The findings concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { closeReasons } from "./case-event";
export { findingQueueState } from "./finding-queue-state";
export { OpeningReasonSchema, appointmentLanguages, appointmentModes, relativesWishes, stepInputSchemas } from "./case-event";
export type { Appointment, CaseEventType, CloseReason } from "./case-event";
export { caseSteps, participantCaseNotice } from "./case-workflow";
export type { CaseStep } from "./case-workflow";
