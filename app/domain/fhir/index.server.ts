/**
 * The fhir concept's public entry for server code: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { readConsentRecords, readFhirConsent, readFhirConsentHistory, searchFhirConsents } from "./search-fhir-consents.server";
export { fhirOpenApi } from "./fhir-openapi.server";
