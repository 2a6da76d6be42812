import { z } from "zod";
import { answerOf, type OpenApiContribution } from "../kernel/index";

/*
 * The answers as the app's OpenAPI document shows them (ADR 168). They describe the envelope a client relies on — a
 * resource's type, id and version, a Bundle's entries — and leave the rest of a Consent open: HL7's FHIR R4 JSON
 * schema stays the authority for what is inside (the tests check every resource the API gives against it,
 * tests/support/fhir-schema.ts), and fhir-types.ts types the slice this app produces.
 */
const instant = z.iso.datetime({ offset: true });
const meta = z.looseObject({ versionId: z.string().min(1), lastUpdated: instant });

const FhirConsentSchema = z
  .looseObject({
    resourceType: z.literal("Consent"),
    id: z.uuid(),
    meta,
    status: z.enum(["draft", "proposed", "active", "rejected", "inactive", "entered-in-error"]),
    scope: z.looseObject({}),
    category: z.array(z.looseObject({})).min(1),
    patient: z.looseObject({ identifier: z.looseObject({ system: z.string(), value: z.string() }).optional() }),
    dateTime: instant,
    provision: z.looseObject({}),
  })
  .meta({ description: "A FHIR R4 Consent: one consent record at one version (docs/fhir.md maps each element)" });

const bundleEntry = z.looseObject({
  fullUrl: z.url(),
  resource: FhirConsentSchema,
  search: z.looseObject({ mode: z.literal("match") }).optional(),
  request: z.looseObject({ method: z.enum(["POST", "PUT"]), url: z.string() }).optional(),
  response: z.looseObject({ status: z.string(), lastModified: instant }).optional(),
});

const FhirConsentBundleSchema = z
  .looseObject({
    resourceType: z.literal("Bundle"),
    meta: z.looseObject({ lastUpdated: instant }),
    type: z.enum(["searchset", "history"]),
    total: z.number().int().min(0),
    link: z.array(z.looseObject({ relation: z.string(), url: z.url() })),
    entry: z.array(bundleEntry).optional(),
  })
  .meta({ description: "A FHIR R4 Bundle of Consent resources: a searchset (no entry when nothing matched) or a record's history, newest first" });

const OperationOutcomeSchema = z
  .looseObject({
    resourceType: z.literal("OperationOutcome"),
    issue: z.array(z.looseObject({ severity: z.literal("error"), code: z.enum(["login", "forbidden", "required", "value", "not-found", "exception"]), diagnostics: z.string() })).min(1),
  })
  .meta({ description: "Why a FHIR request was refused" });

const ConsentRecordsSchema = z.strictObject({
  pseudonym: z.string(),
  records: z
    .array(z.looseObject({ "@id": z.url(), "@type": z.unknown(), "dct:identifier": z.string(), "dpv:hasProcess": z.array(z.looseObject({})), "dpv:hasConsentStatus": z.unknown() }))
    .min(1)
    .meta({
      description:
        "One ISO/IEC TS 27560 record in DPV terms (JSON-LD) per consent change, oldest first; each valid against packages/consent-rules/dpv-27560/consent-record.schema.json",
    }),
});

const fhirJson = "application/fhir+json";
const outcome = (description: string) => answerOf(description, "OperationOutcome", fhirJson);
const readersRefusals = (json = fhirJson) => ({
  "401": answerOf("Neither a valid API token nor a staff sign-in (WWW-Authenticate says which)", "OperationOutcome", json),
  "403": answerOf("The token lacks fhir:read (insufficient_scope), or the staff member lacks consent:read", "OperationOutcome", json),
});
/** Machines with a `fhir:read` token read every participant (pseudonyms only); staff, their facilities' participants (ADR 015). */
const readers = [{ apiToken: ["fhir:read"] }, { staffSession: [] }];
const consentId = { name: "id", in: "path", required: true, description: "A consent record's id (the event that made its first version)", schema: { type: "string", format: "uuid" } };

/**
 * The consent records a system may read for the app's OpenAPI document (ADR 168): FHIR R4 Consent (search, read,
 * history, version) and ISO/IEC TS 27560 consent records (ADR 108). Personal data: no answer may be cached.
 */
export function fhirOpenApi(): OpenApiContribution {
  return {
    paths: {
      "/api/v1/consent-records/{pseudonym}": {
        get: {
          operationId: "readConsentRecords",
          summary: "A participant's consent records as ISO/IEC TS 27560 in DPV terms",
          description:
            "For systems that keep their own copy of what was agreed (ADR 108): one JSON-LD record per consent change. An unknown pseudonym, one that cannot be one, one without consent yet, or one beyond the reader's reach is the same 404.",
          security: readers,
          parameters: [{ name: "pseudonym", in: "path", required: true, description: "The participant's pseudonym", schema: { type: "string", examples: ["TGP-AB12-CD34"] } }],
          responses: {
            "200": answerOf("The records", "ConsentRecords"),
            ...readersRefusals("application/json"),
            "404": answerOf("No consent records for this pseudonym", "OperationOutcome", "application/json"),
          },
        },
      },
      "/fhir/Consent": {
        get: {
          operationId: "searchFhirConsents",
          summary: "FHIR R4 search: a participant's consent records",
          description: "An unknown pseudonym is an empty searchset, not an error.",
          security: readers,
          parameters: [{ name: "patient", in: "query", required: true, description: "The participant's pseudonym", schema: { type: "string" } }],
          responses: {
            "200": answerOf("A searchset Bundle", "FhirConsentBundle", fhirJson),
            "400": outcome("No patient parameter, or one that is not a pseudonym"),
            ...readersRefusals(),
          },
        },
      },
      "/fhir/Consent/{id}": {
        get: {
          operationId: "readFhirConsent",
          summary: "FHIR R4 read: one consent record, as it stands now",
          security: readers,
          parameters: [consentId],
          responses: { "200": answerOf("The Consent", "FhirConsent", fhirJson), ...readersRefusals(), "404": outcome("No consent record with this id (or one beyond the reader's reach)") },
        },
      },
      "/fhir/Consent/{id}/_history": {
        get: {
          operationId: "readFhirConsentHistory",
          summary: "FHIR R4 history: every version of one consent record, newest first",
          security: readers,
          parameters: [consentId],
          responses: { "200": answerOf("A history Bundle", "FhirConsentBundle", fhirJson), ...readersRefusals(), "404": outcome("No consent record with this id (or one beyond the reader's reach)") },
        },
      },
      "/fhir/Consent/{id}/_history/{versionId}": {
        get: {
          operationId: "readFhirConsentVersion",
          summary: "FHIR R4 vread: one version of a consent record, as it stood then",
          security: readers,
          parameters: [consentId, { name: "versionId", in: "path", required: true, description: "meta.versionId of the version", schema: { type: "string" } }],
          responses: { "200": answerOf("The Consent at that version", "FhirConsent", fhirJson), ...readersRefusals(), "404": outcome("No such record or version") },
        },
      },
    },
    answers: { ConsentRecords: ConsentRecordsSchema, FhirConsent: FhirConsentSchema, FhirConsentBundle: FhirConsentBundleSchema, OperationOutcome: OperationOutcomeSchema },
  };
}
