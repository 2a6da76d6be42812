import { z } from "zod";
import { maxReportPdfBytes, ReportSubmissionSchema } from "./report-submission";

const submittedSchema = {
  type: "object",
  required: ["reportId", "version", "created", "amended"],
  properties: {
    reportId: { type: "string", format: "uuid", description: "The platform's id of the report (the same for every version)" },
    version: { type: "integer", minimum: 1, description: "The version this content is stored as" },
    created: { type: "boolean", description: "Whether this request stored anything (false: the same content was already stored)" },
    amended: { type: "boolean", description: "A version after the first: it supersedes the one before, which is kept" },
  },
};

/**
 * `POST /api/v1/reports` as OpenAPI 3.1 (ADR 137), for the app's document: the body schema converted from the one the
 * server checks, the answers, and the token scope.
 */
export function reportsOpenApi(errorRef: string): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  const { $schema: _schema, ...submission } = z.toJSONSchema(ReportSubmissionSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const properties = submission.properties as Record<string, Record<string, unknown>>;
  properties.pdf = { ...properties.pdf, contentEncoding: "base64", contentMediaType: "application/pdf", description: `The signed clinical report, at most ${maxReportPdfBytes} bytes decoded; it must start with %PDF-` };
  properties.pseudonym = { ...properties.pseudonym, description: "The participant's pseudonym, as the bridge and the pipeline know them" };
  properties.reportId = { ...properties.reportId, description: "The sender's own id for the report: with senderId, the idempotency key" };
  properties.expertPanelDate = { ...properties.expertPanelDate, description: "The day the expert panel reviewed the analysis (DiagnosticReport.effectiveDateTime), not after today in Japan" };
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: errorRef } } } });
  return {
    paths: {
      "/api/v1/reports": {
        post: {
          operationId: "submitReport",
          summary: "Send a participant's analysis report, or an amended version of it",
          description:
            "The structured part follows the HL7 FHIR Genomics Reporting IG's DiagnosticReport (docs/results.md maps each member); the PDF is the report the clinicians use. The same (senderId, reportId) with exactly the same content is a replay: 200 with the stored id and version, nothing stored. With other content it is the next version (201, `amended`), which supersedes the one before and never overwrites it. The report stays sealed from the participant until a clinician or counsellor records that it was explained.",
          security: [{ apiToken: ["reports:submit"] }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/ReportSubmission" } } } },
          responses: {
            "200": { description: "The same content was already stored; nothing new", content: { "application/json": { schema: { $ref: "#/components/schemas/ReportSubmitted" } } } },
            "201": { description: "Stored: a new report (version 1) or an amended version", content: { "application/json": { schema: { $ref: "#/components/schemas/ReportSubmitted" } } } },
            "400": error("malformed_request: not JSON, or a member missing, empty, too long, of the wrong form or unknown; `field` names it. Nothing stored"),
            "401": error("unauthorized: token_missing, token_malformed, token_unknown, token_revoked or token_expired"),
            "403": error("forbidden: scope_missing (the token lacks reports:submit)"),
            "409": error("conflict: different_participant — this reportId is already used for another participant"),
            "413": { description: "The body is larger than 1 MB and was not read" },
            "415": error("unsupported_media_type: the body is not sent as application/json"),
            "422": error(
              "unknown_participant; not_returnable (the participant's consent does not let results be returned: `reason` is the consent rule's, e.g. withdrawn_no_further_use, choice_declined); unknown_gene or category_mismatch (a secondary finding off the ACMG SF list); date_in_future",
            ),
          },
        },
      },
    },
    schemas: { ReportSubmission: submission, ReportSubmitted: submittedSchema },
  };
}
