/**
 * The consultations concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { listConsultations } from "./list-consultations.server";
export { countAnswersToModerate } from "./count-answers-to-moderate.server";
