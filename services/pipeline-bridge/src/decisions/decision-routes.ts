import { randomUUID } from "node:crypto";
import type { Exchange, RouteModule } from "../http/router";
import { readJsonBody } from "../http/read-json-body";
import { requireClientSoon } from "../http/require-client";
import { sendError, sendSignedJson } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { gateActionScopes, refusalResponses, schemaRef, tokenWith } from "../openapi/openapi-fragments";
import { decisionLogEntry } from "./decision-log-entry";
import {
  DECISIONS_BODY_LIMIT_BYTES,
  DecisionBatchSchema,
  DecisionRequestSchema,
  DecisionResponseSchema,
  DecisionSchema,
  MAX_DECISIONS_PER_REQUEST,
  type BridgeDecision,
} from "./decision-request";
import { evaluateDecision, parseDecisionInput, type DecisionInput } from "./evaluate-decision";
import { currentReadiness } from "../health/current-readiness";
import { recordDecisions } from "../metrics/bridge-metrics";
import { acceptPlainDecisionBatch, acceptPlainDecisionItem } from "./parse-decision-item";

/**
 * POST /v1/decisions: one request or `{ requests: [...] }`, answered in request order, signed as a whole, every
 * item logged. Answered from memory only; the log is written behind (decision-log.ts).
 */
async function answerDecisions(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  // Every decision answered is a row of the decision log, under the answer's requestId: the request's own line of a
  // successful answer is logged at debug (thousands a second), its refusals at info (ADR 027).
  response.routine = true;
  // A cached token is checked without a turn of the event loop (the common case: a pipeline's every request but its first).
  const known = requireClientSoon(exchange, "gate:*");
  const client = known instanceof Promise ? await known : known;
  if (!client) return;
  const body = await readJsonBody(request, DECISIONS_BODY_LIMIT_BYTES);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues }, body.status === 413 ? { Connection: "close" } : {});

  let inputs: DecisionInput[];
  const value = body.value;
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "requests" in value) {
    let requests = acceptPlainDecisionBatch(value);
    if (requests === undefined) {
      const batch = DecisionBatchSchema.safeParse(value);
      if (!batch.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(batch.error) });
      requests = batch.data.requests;
    }
    inputs = requests.map(parseDecisionInput);
  } else {
    // A single request must match the item schema; neither shape is a refusal of the whole request.
    let single = acceptPlainDecisionItem(value);
    if (single === undefined) {
      const parsed = DecisionRequestSchema.safeParse(value);
      if (!parsed.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(parsed.error) });
      single = parsed.data;
    }
    inputs = [{ valid: true, request: single }];
  }

  const evaluatedAt = new Date(context.clock()).toISOString();
  // An answer that could not be logged is not given: with the log's buffer full, every item denies.
  const health = currentReadiness(context, inputs.length);
  const decisions: BridgeDecision[] = new Array(inputs.length);
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!;
    const subject = input.valid ? context.subjects.resolve(input.request.subject) : undefined;
    decisions[index] = evaluateDecision(subject, input, health, client.scopes, evaluatedAt);
  }
  const requestId = randomUUID();
  context.decisionLog.append(decisions.map((decision) => decisionLogEntry(decision, requestId, client.id)));
  recordDecisions(decisions);
  await sendSignedJson(response, 200, { requestId, evaluatedAt, decisions }, context.signer);
}


export const decisionRoutes: RouteModule = {
  name: "decisions",
  register(router) {
    router.post("/v1/decisions", answerDecisions);
  },
  openapi: () => ({
    paths: {
      "/v1/decisions": {
        post: {
          operationId: "decide",
          summary: "May these actions happen to these samples now?",
          description: `One request, or up to ${MAX_DECISIONS_PER_REQUEST} under \`requests\`. Answered in request order and signed as a whole. Needs a \`gate:<action>\` scope per item (an item whose action the token lacks denies with scope_missing).`,
          tags: ["decisions"],
          security: tokenWith(...gateActionScopes),
          requestBody: {
            required: true,
            content: { "application/json": { schema: { oneOf: [schemaRef("DecisionRequest"), schemaRef("DecisionBatch")] } } },
          },
          responses: {
            "200": { description: "Signed decisions, one per item", content: { "application/json": { schema: schemaRef("DecisionResponse") } } },
            ...refusalResponses({ badRequest: true, jsonBody: true }),
          },
        },
      },
    },
    schemas: {
      DecisionBatch: {
        type: "object",
        additionalProperties: false,
        required: ["requests"],
        properties: { requests: { type: "array", minItems: 1, maxItems: MAX_DECISIONS_PER_REQUEST, items: schemaRef("DecisionRequest") } },
      },
    },
    zodSchemas: { DecisionRequest: DecisionRequestSchema, Decision: DecisionSchema, DecisionResponse: DecisionResponseSchema },
  }),
};
