import { z } from "zod";
import { acmgSfVersion } from "@tsunagi/consent-rules/acmg-sf-v3-2";
import { dataUseMatchOpenApi } from "../access/index.server";
import { reportsOpenApi } from "../results/index.server";
import { FindingSubmissionSchema, maxEvidenceSummaryCharacters, maxReportPdfBytes } from "./finding-submission.server";

/** The error shape, as the bridge's (services/pipeline-bridge/src/openapi/openapi-fragments.ts) with `field` and `findingId`. */
const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "string", examples: ["malformed_request", "unauthorized", "forbidden", "conflict", "unknown_sample", "unknown_gene"] },
    reason: { type: "string" },
    field: { type: "string", description: "The body member the refusal is about" },
    findingId: { type: "string", format: "uuid" },
    issues: { type: "array", items: { type: "object", properties: { path: { type: "array", items: { type: ["string", "integer"] } }, message: { type: "string" } } } },
  },
};

const submittedSchema = {
  type: "object",
  required: ["findingId", "version", "reinterpretation", "created", "category", "gene", "geneListVersion"],
  properties: {
    findingId: { type: "string", format: "uuid" },
    version: { type: "integer", minimum: 1, description: "The version this content is stored as" },
    reinterpretation: { type: "boolean", description: "The classification or variant differs from the version before it" },
    created: { type: "boolean", description: "Whether this request stored anything (false: the same content was already stored)" },
    category: { type: "string", enum: ["hereditary_cancer", "other_actionable"] },
    gene: { type: "string" },
    geneListVersion: { type: "string", examples: [acmgSfVersion] },
  },
};

const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

let cached: Record<string, unknown> | undefined;

/**
 * GET /api/v1/openapi.json: the app's machine APIs as OpenAPI 3.1 — the findings intake, the reports intake (its part
 * from the results domain) and automatic consent matching (its part from the access domain) — the body schemas converted from the ones the server checks.
 */
export function findingsOpenApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const { $schema: _schema, ...submission } = z.toJSONSchema(FindingSubmissionSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const properties = submission.properties as Record<string, Record<string, unknown>>;
  properties.evidenceSummary = { ...properties.evidenceSummary, minLength: 1, maxLength: maxEvidenceSummaryCharacters, description: "Plain text; no control characters other than line breaks, nothing that reorders text" };
  properties.reportPdf = { ...properties.reportPdf, contentEncoding: "base64", contentMediaType: "application/pdf", description: `The lab report, at most ${maxReportPdfBytes} bytes decoded; it must start with %PDF-` };
  properties.variant = { ...properties.variant, description: "One HGVS expression on a versioned reference sequence", examples: ["NM_007294.4:c.68_69del"] };
  properties.gene = { ...properties.gene, description: `A gene of the ACMG SF v${acmgSfVersion} list (HGNC symbol)` };
  properties.category = { ...properties.category, description: "Optional; when given it must be the gene's category on the list" };
  const matching = dataUseMatchOpenApi("#/components/schemas/Error");
  const reports = reportsOpenApi("#/components/schemas/Error");
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Tsunagi API: findings and reports intake, consent matching",
      version: "1",
      description:
        "For the analysis team: submit a secondary finding (ACMG SF v3.2 gene, HGVS variant, P or LP, evidence summary, lab report PDF) for a pseudonymous sample. Idempotent by (labId, labFindingId). ADR 032. For the analysis centre or the hospital's report system: send a participant's analysis report (ADR 137). For tools: automatic consent matching of a research purpose against a data use (ADR 039).",
    },
    servers: [{ url: "/" }],
    paths: {
      ...matching.paths,
      ...reports.paths,
      "/api/v1/findings": {
        post: {
          operationId: "submitFinding",
          summary: "Submit a secondary finding, or a new version of one",
          description:
            "The same labFindingId with exactly the same content is a replay: 200 with the stored id and version, nothing stored. With another classification, variant, summary or report it is the next version (201, `version` > 1; `reinterpretation` when the classification or the variant changed). With another sample or gene it is refused (409). Sending content already stored as an earlier version answers that version and stores nothing.",
          security: [{ apiToken: ["findings:submit"] }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/FindingSubmission" } } } },
          responses: {
            "200": { description: "The same content was already stored; nothing new", content: { "application/json": { schema: { $ref: "#/components/schemas/FindingSubmitted" } } } },
            "201": { description: "Stored: a new finding (version 1) or a new version of one", content: { "application/json": { schema: { $ref: "#/components/schemas/FindingSubmitted" } } } },
            "400": error("malformed_request: not JSON, or a member missing, empty, too long, of the wrong form or unknown; `field` names it. Nothing stored"),
            "401": error("unauthorized: token_missing, token_malformed, token_unknown, token_revoked or token_expired"),
            "403": error("forbidden: scope_missing (the token lacks findings:submit)"),
            "409": error("conflict: different_sample or different_gene — this labFindingId is already used for another sample or gene"),
            "413": { description: "The body is larger than 1 MB and was not read" },
            "415": error("unsupported_media_type: the body is not sent as application/json"),
            "422": error("unknown_sample, sample_destroyed, unknown_gene (not on the list) or category_mismatch"),
          },
        },
      },
    },
    components: {
      schemas: { FindingSubmission: submission, FindingSubmitted: submittedSchema, Error: errorSchema, ...matching.schemas, ...reports.schemas },
      securitySchemes: { apiToken: { type: "http", scheme: "bearer", bearerFormat: "tsg_<id>.<secret>", description: "An API token issued at /admin/api-tokens with the scope the operation names (findings:submit, reports:submit)" } },
    },
  };
  return cached;
}
