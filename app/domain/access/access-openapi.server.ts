import { z } from "zod";
import type { DataUseMatch } from "@tsunagi/consent-rules/match-data-use";
import { answerOf, refusalOf, schemaRef, type OpenApiContribution } from "../kernel/index";
import { DataUseMatchRequestSchema } from "./data-use-match-request";
import { VisaStatusRequestSchema, VisaStatusSchema } from "./visas/check-visa-status.server";

const matchResult = z.enum(["approve", "deny", "abstain"]);

/** The matcher's answer; the compiler holds it to the matcher's own type (consent-rules' DataUseMatch). */
const DataUseMatchSchema: z.ZodType<DataUseMatch> = z.strictObject({
  result: matchResult,
  reasons: z.array(
    z.strictObject({
      check: z.enum(["codes", "disease", "hmb", "poa", "methods", "commercial", "abstain", "conditions"]),
      result: matchResult,
      code: z.string().meta({ description: "A stable code for the finding, e.g. disease.within, modifier.IRB, sensitive.pediatric", examples: ["disease.within"] }),
      subject: z.string().optional().meta({ description: "The disease, code or flag the reason is about" }),
    }),
  ),
});

/** The public halves of the visa signing keys (ES256, P-256), as security's signing key sets publish them. */
const VisaJwksSchema = z.strictObject({
  keys: z.array(z.strictObject({ kty: z.literal("EC"), crv: z.literal("P-256"), alg: z.literal("ES256"), use: z.literal("sig"), kid: z.string().min(1), x: z.string(), y: z.string() })),
});

/** How the two public JSON endpoints refuse a body (auth/passkey-json.server.ts's readJsonBody) and a flood. */
const publicJsonRefusals = (issues: string) => ({
  "400": refusalOf(`invalid_input: not JSON, a member twice, or ${issues}; \`issues\` names each`),
  "413": refusalOf("too_large: the body is larger than the limit and was not read"),
  "415": refusalOf("unsupported_media_type: the body is not sent as application/json"),
  "429": refusalOf("too_many_requests: `retryAfterSeconds` (and Retry-After) says when to try again"),
});

/**
 * The access concept's public machine APIs for the app's OpenAPI document (ADR 168): automatic consent matching
 * (ADR 039), a visa's status and the keys visas are signed with (ADR 043). None needs a sign-in.
 */
export function accessOpenApi(): OpenApiContribution {
  return {
    paths: {
      "/api/v1/data-use/match": {
        post: {
          operationId: "matchDataUse",
          summary: "Automatic consent matching: does a research purpose fall within a data use?",
          description:
            "DUOS's V5 matcher (ADR 039): a data use without exactly one primary category (GRU, HMB, POA, DS with a disease, free-text other) abstains with that rationale alone; one canonical category gets V4's checks, where an abstention wins over a denial, with four departures, each toward review. Approve, deny, or abstain (the committee decides), with every check's reasons. Codes are DUO abbreviations or CURIEs; diseases DOID or MONDO CURIEs, checked down the programme's shipped disease hierarchy (an unknown disease abstains). No sign-in, no personal data; 120 requests a minute per address.",
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("DataUseMatchRequest") } } },
          responses: {
            "200": answerOf("The answer", "DataUseMatch"),
            ...publicJsonRefusals("a member missing, of the wrong type, too long, unknown or holding a control or direction character"),
          },
        },
      },
      "/api/v1/visas/status": {
        post: {
          operationId: "checkVisaStatus",
          summary: "May a visa this programme issued be relied on now?",
          description:
            "For services that accept this programme's GA4GH Passport visas (ADR 043): answered from the approval's state at this moment, as RFC 7662 introspection answers. `active` is the one field to act on; `status` says why. A visa issued a moment before a revocation or suspension is refused at once. No sign-in: the approval's state is on the public register. 300 requests a minute per address.",
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("VisaStatusRequest") } } },
          responses: {
            "200": answerOf("The visa's status now", "VisaStatus"),
            ...publicJsonRefusals("no `visa`, or one longer than 8192 characters"),
          },
        },
      },
      "/.well-known/jwks.json": {
        get: {
          operationId: "getVisaJwks",
          summary: "The public keys that sign visas",
          description:
            "The `jku` every visa names: every published key, retired and not yet signing ones too, so a visa signed before a rotation still verifies (ADR 054). Public and cacheable.",
          responses: { "200": answerOf("The key set", "VisaJwks", "application/jwk-set+json") },
        },
      },
    },
    requests: { DataUseMatchRequest: DataUseMatchRequestSchema, VisaStatusRequest: VisaStatusRequestSchema },
    answers: { DataUseMatch: DataUseMatchSchema, VisaStatus: VisaStatusSchema, VisaJwks: VisaJwksSchema },
  };
}
