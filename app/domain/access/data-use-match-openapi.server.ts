import { z } from "zod";
import { DataUseMatchRequestSchema } from "./data-use-match-request";

/**
 * `POST /api/v1/data-use/match` in OpenAPI 3.1 (issue 15; ADR 039), the request schema converted from the one the
 * server checks, for `/api/v1/openapi.json` beside the findings intake.
 */
export function dataUseMatchOpenApi(errorRef: string): { paths: Record<string, unknown>; schemas: Record<string, unknown> } {
  const { $schema: _schema, ...request } = z.toJSONSchema(DataUseMatchRequestSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const result = { type: "string", enum: ["approve", "deny", "abstain"] };
  const answer = {
    type: "object",
    required: ["result", "reasons"],
    properties: {
      result,
      reasons: {
        type: "array",
        items: {
          type: "object",
          required: ["check", "result", "code"],
          properties: {
            check: { type: "string", enum: ["codes", "disease", "hmb", "poa", "methods", "commercial", "abstain", "conditions"] },
            result,
            code: { type: "string", description: "A stable code for the finding, e.g. disease.within, modifier.IRB, sensitive.pediatric", examples: ["disease.within"] },
            subject: { type: "string", description: "The disease, code or flag the reason is about" },
          },
        },
      },
    },
  };
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: errorRef } } } });
  return {
    paths: {
      "/api/v1/data-use/match": {
        post: {
          operationId: "matchDataUse",
          summary: "Automatic consent matching: does a research purpose fall within a data use?",
          description:
            "DUOS's V5 matcher (ADR 039): a data use without exactly one primary category (GRU, HMB, POA, DS with a disease, free-text other) abstains with that rationale alone; one canonical category gets V4's checks, where an abstention wins over a denial, with four departures, each toward review. Approve, deny, or abstain (the committee decides), with every check's reasons. Codes are DUO abbreviations or CURIEs; diseases DOID or MONDO CURIEs, checked down the programme's shipped disease hierarchy (an unknown disease abstains). No sign-in, no personal data; 120 requests a minute per address.",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/DataUseMatchRequest" } } } },
          responses: {
            "200": { description: "The answer", content: { "application/json": { schema: { $ref: "#/components/schemas/DataUseMatch" } } } },
            "400": error("malformed_request: not JSON, or a member missing, of the wrong type, too long, unknown or holding a control or direction character; `issues` names each"),
            "413": { description: "The body is larger than the limit and was not read" },
            "415": error("unsupported_media_type: the body is not sent as application/json"),
            "429": error("too_many_requests: `retryAfterSeconds` says when to try again"),
          },
        },
      },
    },
    schemas: { DataUseMatchRequest: request, DataUseMatch: answer },
  };
}
