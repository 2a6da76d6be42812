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
export { ApplicationContentSchema, dataKinds, purposeCodes, recipientTypes, sensitiveQuestions, titleOf } from "./applications/application-content";
export type { ApplicationContent, TextInLanguages } from "./applications/application-content";
export { ApplicationFormSchema, contentOfForm, formDefaultsOf } from "./applications/application-form";
export { MAX_ETHICS_DOCUMENT_BYTES, ethicsDocumentPath } from "./applications/ethics-document";
export type { EthicsDocumentSummary } from "./applications/ethics-document";
export { ReviewActionSchema, SeatMemberSchema } from "./committee/review-forms";
export type { VoteChoice } from "./committee/tally-rule";
export { DataUseMatchRequestSchema } from "./data-use-match-request";
export { datasetIds, datasetLabel } from "./datasets/dataset-catalogue";
export type { ConsentMatchCounts } from "./matching/consent-match-counts";
export { diseaseLabelFor, diseaseLabels, searchDiseases } from "./ontology/disease-labels";
export type { DiseaseLabel } from "./ontology/disease-labels";
export type { RegisterEntryView } from "./register/register-entry";
export { ApplicantActionSchema } from "./sanctions/applicant-action-schema";
export { ResearchOutputFormSchema, identifierProblem, outputsInLanguage, researchOutputKinds } from "./applications/research-output";
export type { PublishedResearchOutput, ResearchOutputKind, ResearchOutputView } from "./applications/research-output";
