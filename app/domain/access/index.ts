/**
 * The access concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { inLanguage } from "./applications/application-content";
export { datasetName } from "./datasets/dataset-catalogue";
export { diseaseName } from "./ontology/disease-labels";
export { purposeLabel } from "./register/duo-purpose-labels";
export type { RegisterEntry } from "./register/register-entry";
export { registerStatus, registerStatuses } from "./register/register-status";
export type { RegisterStatus } from "./register/register-status";
