import { z } from "zod";
import { accessOpenApi } from "../domain/access/index.server";
import { fhirOpenApi } from "../domain/fhir/index.server";
import { findingsOpenApi } from "../domain/findings/index.server";
import { answerOf, assembleOpenApiDocument, type OpenApiContribution } from "../domain/kernel/index";
import { reportsOpenApi } from "../domain/results/index.server";

/** The document itself, as `GET /api/v1/openapi.json` serves it. */
const OpenApiDocumentSchema = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()), securitySchemes: z.record(z.string(), z.unknown()) }),
});

const documentItself: OpenApiContribution = {
  paths: {
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document",
        responses: { "200": answerOf("The app's APIs as OpenAPI 3.1", "OpenApiDocument") },
      },
    },
  },
  answers: { OpenApiDocument: OpenApiDocumentSchema },
};

let cached: Record<string, unknown> | undefined;

/**
 * `GET /api/v1/openapi.json` (issue 61, ADR 168): every machine API of the web app in one OpenAPI 3.1 document, put
 * together from what each concept that serves one says about it. Routes may not import the wiring, and a concept may
 * not import the concepts beside it, so the assembling lives here, beside the route; a new API adds its concept's
 * contribution to this list (tests/integration/openapi-app-document.test.ts fails on an API that is not in it).
 */
export function appApiDocument(): Record<string, unknown> {
  cached ??= assembleOpenApiDocument({
    info: {
      title: "Tsunagi web app API",
      version: "1",
      description:
        "The web app's machine APIs: the findings and reports intakes (ADR 032, 137), consent records as FHIR R4 Consent and ISO/IEC TS 27560 (docs/fhir.md, ADR 108), automatic consent matching (ADR 039), and GA4GH visas' status and keys (ADR 043). The pipeline bridge describes its own at its /openapi.json. Refusals are `{ \"error\": code, ... }` in JSON, OperationOutcome in FHIR.",
    },
    contributions: [findingsOpenApi(), reportsOpenApi(), fhirOpenApi(), accessOpenApi(), documentItself],
    securitySchemes: {
      apiToken: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "tsg_<id>.<secret>",
        description: "An API token issued at /admin/api-tokens with the scope the operation names (findings:submit, reports:submit, fhir:read)",
      },
      staffSession: {
        type: "apiKey",
        in: "cookie",
        name: "__Host-tsunagi_session",
        description: "A staff member's signed-in session, second factor passed, with consent:read for the participant's facility",
      },
    },
  });
  return cached;
}
