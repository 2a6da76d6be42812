import { z } from "zod";
import { interimRules } from "@tsunagi/consent-rules/form-content";
import { withdrawalLevels } from "@tsunagi/consent-rules/ledger-event";
import type { Exchange, RouteModule } from "../http/router";
import { requireClient } from "../http/require-client";
import { sendError, sendSignedJson } from "../http/send-json";
import { refusalResponses, schemaRef, tokenWith } from "../openapi/openapi-fragments";
import type { ResolvedSubject } from "../projection/subject-store";

export const SubjectSummarySchema = z.object({
  subject: z.string(),
  pseudonym: z.string(),
  samples: z.array(z.object({ code: z.string(), destroyed: z.boolean() })),
  status: z.enum(["active", "reconsent_required", "withdrawn"]),
  formVersion: z.string().nullable(),
  formVersionHash: z.string().nullable(),
  choices: z.record(z.string(), z.string()),
  permittedPurposes: z.array(z.string()),
  withdrawalLevel: z.enum(withdrawalLevels).nullable(),
  interimRule: z.enum(interimRules).nullable(),
  stateVersion: z.number().int(),
  eventId: z.string(),
  occurredAt: z.string(),
  evaluatedAt: z.string(),
  jws: z.string(),
});
export type SubjectSummary = Omit<z.infer<typeof SubjectSummarySchema>, "jws">;

export function subjectSummary(subject: string, resolved: ResolvedSubject, evaluatedAt: string): SubjectSummary {
  const { record } = resolved;
  return {
    subject,
    pseudonym: record.pseudonym,
    samples: record.samples,
    status: record.consent.status,
    formVersion: record.consent.formVersion,
    formVersionHash: record.consent.formVersionHash,
    choices: record.consent.choices,
    permittedPurposes: record.consent.permittedPurposes,
    withdrawalLevel: record.consent.withdrawalLevel,
    interimRule: record.consent.interimRule,
    stateVersion: record.version,
    eventId: record.eventId,
    occurredAt: record.occurredAt,
    evaluatedAt,
  };
}

/** GET /v1/subjects/{id}: the pseudonymous consent summary of a sample or pseudonym, signed like decisions. */
async function showSubject(exchange: Exchange): Promise<void> {
  const { response, context, params } = exchange;
  if (!(await requireClient(exchange, "gate:*"))) return;
  const health = context.health.current();
  // A summary from a projection the bridge cannot vouch for would be read as current; refuse instead.
  if (!health.ready) return sendError(response, 503, health.reason);
  const id = params.id ?? "";
  const resolved = context.subjects.resolve(id);
  if (!resolved) return sendError(response, 404, "unknown_subject");
  // The last applied state is not vouched for while a later message about the participant is parked (ADR 024).
  if (resolved.parked) return sendError(response, 503, "message_parked");
  await sendSignedJson(response, 200, { ...subjectSummary(id, resolved, new Date(context.clock()).toISOString()) }, context.signer);
}

export const subjectRoutes: RouteModule = {
  name: "subjects",
  register(router) {
    router.get("/v1/subjects/{id}", showSubject);
  },
  openapi: () => ({
    paths: {
      "/v1/subjects/{id}": {
        get: {
          operationId: "getSubject",
          summary: "The pseudonymous consent summary of a sample or pseudonym (signed)",
          description: "Any `gate:*` scope.",
          tags: ["subjects"],
          security: tokenWith("gate:*"),
          parameters: [{ name: "id", in: "path", required: true, description: "A sample code or a participant pseudonym", schema: { type: "string" } }],
          responses: {
            "200": { description: "Signed summary", content: { "application/json": { schema: schemaRef("SubjectSummary") } } },
            ...refusalResponses({ notFound: true, unavailable: true }),
          },
        },
      },
    },
    zodSchemas: { SubjectSummary: SubjectSummarySchema },
  }),
};
