/**
 * The slice of FHIR R4 (4.0.1) this app produces, typed just enough to catch mistakes at compile time. The
 * tests validate every produced resource against HL7's own JSON schema, which remains the authority.
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding: Coding[];
  text?: string;
}

export interface Identifier {
  system: string;
  value: string;
}

export interface Reference {
  type?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
  valueUri?: string;
  valueDateTime?: string;
  valueDate?: string;
  valueBoolean?: boolean;
  valueCoding?: Coding;
  extension?: Extension[];
}

export interface Attachment {
  contentType: string;
  language?: string;
  url: string;
  size?: number;
  hash?: string;
  title?: string;
  creation?: string;
  extension?: Extension[];
}

export interface ConsentProvision {
  type?: "permit" | "deny";
  period?: Period;
  actor?: { role: CodeableConcept; reference: Reference }[];
  action?: CodeableConcept[];
  purpose?: Coding[];
  code?: CodeableConcept[];
  provision?: ConsentProvision[];
  extension?: Extension[];
}

export interface FhirConsent {
  resourceType: "Consent";
  id: string;
  meta: { versionId: string; lastUpdated: string };
  extension?: Extension[];
  identifier: Identifier[];
  status: "draft" | "proposed" | "active" | "rejected" | "inactive" | "entered-in-error";
  scope: CodeableConcept;
  category: CodeableConcept[];
  patient: Reference;
  dateTime: string;
  performer: Reference[];
  policy: { uri: string; extension?: Extension[] }[];
  sourceAttachment?: Attachment;
  provision: ConsentProvision;
}

export interface FhirBundle<Resource> {
  resourceType: "Bundle";
  meta: { lastUpdated: string };
  type: "searchset" | "history";
  total: number;
  link: { relation: string; url: string }[];
  entry?: {
    fullUrl: string;
    resource: Resource;
    /** searchset entries */
    search?: { mode: "match" };
    /** history entries: how each version came about */
    request?: { method: "POST" | "PUT"; url: string };
    response?: { status: string; lastModified: string };
  }[];
}

export type IssueType = "login" | "forbidden" | "required" | "value" | "not-found" | "exception";

export interface OperationOutcome {
  resourceType: "OperationOutcome";
  issue: { severity: "error"; code: IssueType; diagnostics: string }[];
}
