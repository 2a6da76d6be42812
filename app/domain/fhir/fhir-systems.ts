import { DUO_SYSTEM } from "@tsunagi/consent-rules/duo-terms";

/** Code systems and identifier namespaces, HL7's where one fits and Tsunagi's own (urn:tsunagi:…) otherwise. */
export const fhirSystems = {
  participant: "urn:tsunagi:participant",
  consentEvent: "urn:tsunagi:consent-event",
  consentChoice: "urn:tsunagi:consent-choice",
  recipientClass: "urn:tsunagi:recipient-class",
  duo: DUO_SYSTEM,
  consentScope: "http://terminology.hl7.org/CodeSystem/consentscope",
  consentCategory: "http://terminology.hl7.org/CodeSystem/consentcategorycodes",
  consentAction: "http://terminology.hl7.org/CodeSystem/consentaction",
  participationType: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
  loinc: "http://loinc.org",
} as const;

/** Extensions for what R4 Consent cannot say by itself; docs/fhir.md describes each. */
export const tsunagiExtensions = {
  eventType: "urn:tsunagi:fhir:extension:consent-event-type",
  method: "urn:tsunagi:fhir:extension:consent-method",
  signedDateTime: "urn:tsunagi:fhir:extension:signed-date-time",
  formContentSha256: "urn:tsunagi:fhir:extension:form-content-sha256",
  documentSha256: "urn:tsunagi:fhir:extension:document-sha256",
  choiceValue: "urn:tsunagi:fhir:extension:choice-value",
  preference: "urn:tsunagi:fhir:extension:contact-preference",
  dataUse: "urn:tsunagi:fhir:extension:duo-data-use",
  withdrawal: "urn:tsunagi:fhir:extension:withdrawal",
  reconsentRequired: "urn:tsunagi:fhir:extension:reconsent-required",
  consentRecord: "urn:tsunagi:fhir:extension:consent-record",
  // The 2024 law's notice and stop (ADR 140) and a recorded death or loss of capacity with its disposition (ADR 143).
  provisionUnderLaw: "urn:tsunagi:fhir:extension:provision-under-law",
  lifeEvent: "urn:tsunagi:fhir:extension:life-event",
} as const;

/** The programme's consent forms as policy URIs: urn:tsunagi:icf:<formKey>:<version>. */
export function formPolicyUri(formKey: string, version: string): string {
  return `urn:tsunagi:icf:${formKey}:${version}`;
}
