import { answerOf, refusalOf, schemaRef, type OpenApiContribution } from "../kernel/index";
import { ReportSubmissionSchema, ReportSubmittedSchema } from "./report-submission";

/**
 * `POST /api/v1/reports` (ADR 137) for the app's OpenAPI document (ADR 168): the body and the answer are the schemas
 * the verb checks and answers with, and the token scope.
 */
export function reportsOpenApi(): OpenApiContribution {
  return {
    paths: {
      "/api/v1/reports": {
        post: {
          operationId: "submitReport",
          summary: "Send a participant's analysis report, or an amended version of it",
          description:
            "For the analysis centre or the hospital's report system. The structured part follows the HL7 FHIR Genomics Reporting IG's DiagnosticReport (docs/results.md maps each member); the PDF is the report the clinicians use. The same (senderId, reportId) with exactly the same content is a replay: 200 with the stored id and version, nothing stored. With other content it is the next version (201, `amended`), which supersedes the one before and never overwrites it. The report stays sealed from the participant until a clinician or counsellor records that it was explained.",
          security: [{ apiToken: ["reports:submit"] }],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("ReportSubmission") } } },
          responses: {
            "200": answerOf("The same content was already stored; nothing new", "ReportSubmitted"),
            "201": answerOf("Stored: a new report (version 1) or an amended version", "ReportSubmitted"),
            "400": refusalOf("malformed_request: not JSON, or a member missing, empty, too long, of the wrong form or unknown; `field` names it. Nothing stored"),
            "401": refusalOf("unauthorized: token_missing, token_malformed, token_unknown, token_revoked or token_expired"),
            "403": refusalOf("forbidden: scope_missing (the token lacks reports:submit)"),
            "409": refusalOf("conflict: different_participant — this reportId is already used for another participant"),
            "413": { description: "The body is larger than 1 MB and was not read" },
            "415": refusalOf("unsupported_media_type: the body is not sent as application/json"),
            "422": refusalOf(
              "unknown_participant; not_returnable (the participant's consent does not let results be returned: `reason` is the consent rule's, e.g. withdrawn_no_further_use, choice_declined); unknown_gene or category_mismatch (a secondary finding off the ACMG SF list); date_in_future",
            ),
          },
        },
      },
    },
    requests: { ReportSubmission: ReportSubmissionSchema },
    answers: { ReportSubmitted: ReportSubmittedSchema },
  };
}
