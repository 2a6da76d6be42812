import { answerOf, refusalOf, schemaRef, type OpenApiContribution } from "../kernel/index";
import { FindingSubmissionSchema, FindingSubmittedSchema } from "./finding-submission.server";

/**
 * `POST /api/v1/findings` (ADR 032) for the app's OpenAPI document (ADR 168): the body and the answer are the schemas
 * the verb checks and answers with.
 */
export function findingsOpenApi(): OpenApiContribution {
  return {
    paths: {
      "/api/v1/findings": {
        post: {
          operationId: "submitFinding",
          summary: "Submit a secondary finding, or a new version of one",
          description:
            "For the analysis team: a secondary finding (ACMG SF gene, HGVS variant, P or LP, evidence summary, lab report PDF) for a pseudonymous sample. The same labFindingId with exactly the same content is a replay: 200 with the stored id and version, nothing stored. With another classification, variant, summary or report it is the next version (201, `version` > 1; `reinterpretation` when the classification or the variant changed). With another sample or gene it is refused (409). Sending content already stored as an earlier version answers that version and stores nothing.",
          security: [{ apiToken: ["findings:submit"] }],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("FindingSubmission") } } },
          responses: {
            "200": answerOf("The same content was already stored; nothing new", "FindingSubmitted"),
            "201": answerOf("Stored: a new finding (version 1) or a new version of one", "FindingSubmitted"),
            "400": refusalOf("malformed_request: not JSON, or a member missing, empty, too long, of the wrong form or unknown; `field` names it. Nothing stored"),
            "401": refusalOf("unauthorized: token_missing, token_malformed, token_unknown, token_revoked or token_expired"),
            "403": refusalOf("forbidden: scope_missing (the token lacks findings:submit)"),
            "409": refusalOf("conflict: different_sample or different_gene — this labFindingId is already used for another sample or gene; `findingId` names it"),
            "413": { description: "The body is larger than 1 MB and was not read" },
            "415": refusalOf("unsupported_media_type: the body is not sent as application/json"),
            "422": refusalOf("unknown_sample, sample_destroyed, unknown_gene (not on the list) or category_mismatch"),
          },
        },
      },
    },
    requests: { FindingSubmission: FindingSubmissionSchema },
    answers: { FindingSubmitted: FindingSubmittedSchema },
  };
}
