import { randomUUID } from "node:crypto";
import { DEFAULT_AS_NEEDED_CAP } from "@tsunagi/consent-rules/frequency-allowance";
import { decideApprovalInForce } from "@tsunagi/consent-rules/decide-release-approval";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { Exchange, RouteModule } from "../http/router";
import { readJsonBody } from "../http/read-json-body";
import { requireClient } from "../http/require-client";
import { sendError, sendJsonText } from "../http/send-json";
import { validationIssues } from "../http/validation-issues";
import { refusalResponses, schemaRef, signed, tokenWith } from "../openapi/openapi-fragments";
import { countInvitable, passingConsent } from "./count-invitable";
import {
  INVITATION_BODY_LIMIT_BYTES,
  InvitationAnswerSchema,
  InvitationDenialSchema,
  InvitationRequestSchema,
  MAX_INVITATION_PSEUDONYMS,
  type InvitationAnswer,
} from "./invitation-schemas";
import { insertInvitationRequest, readContactHistory } from "./invitation-store";

const log = serviceLogger("bridge");

function withJws(payloadJson: string, jws: string): string {
  return `${payloadJson.slice(0, -1)},"jws":${JSON.stringify(jws)}}`;
}

/**
 * POST /v1/study-invitations (issue 57 item 4; ADR 138): a study under an approval in force asks which of the
 * pseudonyms its criterion selected may be invited. The bridge answers from consent alone — research contact allowed,
 * no withdrawal, an inherited criterion only for those who chose to know that kind of result, the frequency each chose
 * over the research messages already claimed — with counts only, signed. It stores the question and the invitable
 * pseudonyms before answering (no answer that was not stored); the platform invites from that record, in each
 * participant's language, and re-decides each one under their consent lock when it does. Fail closed: a stale
 * projection or approvals copy, or an unreachable database, refuses the whole question.
 */
async function askStudyInvitations(exchange: Exchange): Promise<void> {
  const { request, response, context } = exchange;
  const client = await requireClient(exchange, "gate:recontact");
  if (!client) return;
  const body = await readJsonBody(request, INVITATION_BODY_LIMIT_BYTES);
  if (!body.ok) return sendError(response, body.status, body.error, { issues: body.issues }, body.status === 413 ? { Connection: "close" } : {});
  const parsed = InvitationRequestSchema.safeParse(body.value);
  if (!parsed.success) return sendError(response, 400, "malformed_request", { issues: validationIssues(parsed.error) });
  const asked = parsed.data;

  const health = context.health.current();
  if (!health.ready) return sendError(response, 503, health.reason);
  const approvalHealth = context.approvalHealth.current();
  if (!approvalHealth.ready) return sendError(response, 503, approvalHealth.reason);
  const now = context.clock();
  const evaluatedAt = new Date(now).toISOString();
  const approval = decideApprovalInForce(context.approvals.held(asked.approval), now);
  if (!approval.allowed) {
    const denial = { error: "invitation_denied", reason: approval.reason, approval: asked.approval, evaluatedAt } as const;
    const json = JSON.stringify(denial);
    return sendJsonText(response, 403, withJws(json, context.signer.sign(json)));
  }
  const approvalVersion = context.approvals.record(asked.approval)!.version;
  const cap = context.config.recontactAsNeededCap ?? DEFAULT_AS_NEEDED_CAP;
  // Consent first, from the projection as it is now (no await until it is done); the contact history then, for those only.
  const passing = passingConsent(asked.pseudonyms, asked.criterion, (pseudonym) => context.subjects.resolve(pseudonym));
  let history: Map<string, Date[]>;
  try {
    history = await readContactHistory(context.db, passing.invitable);
  } catch (error) {
    log.warn({ error: errorText(error) }, "contact history not read, so no invitations counted");
    return sendError(response, 503, "database_unavailable");
  }
  // The bridge must still vouch for the projection the consents were read from; a change since is re-decided when the
  // platform claims the invitations, under each participant's lock.
  const after = context.health.current();
  if (!after.ready) return sendError(response, 503, after.reason);
  const counted = countInvitable(passing, (pseudonym) => history.get(pseudonym), new Date(now), cap);
  const answer: InvitationAnswer = {
    requestId: randomUUID(),
    approval: asked.approval,
    study: { registry: asked.study.registry, id: asked.study.id },
    criterion: asked.criterion,
    askedCount: asked.pseudonyms.length,
    invitableCount: counted.invitable.length,
    excludedCounts: counted.excludedCounts,
    evaluatedAt,
  };
  try {
    await insertInvitationRequest(context.db, {
      id: answer.requestId,
      clientId: client.id,
      approvalVersion,
      request: asked,
      invitable: counted.invitable,
      excludedCounts: counted.excludedCounts,
      askedAt: new Date(now),
    });
  } catch (error) {
    log.warn({ error: errorText(error) }, "study invitation question not stored, so not answered");
    return sendError(response, 503, "database_unavailable");
  }
  const json = JSON.stringify(answer);
  sendJsonText(response, 201, withJws(json, context.signer.sign(json)));
}

export const invitationRoutes: RouteModule = {
  name: "study-invitations",
  register(router) {
    router.post("/v1/study-invitations", askStudyInvitations);
  },
  openapi: () => ({
    paths: {
      "/v1/study-invitations": {
        post: {
          operationId: "askStudyInvitations",
          summary: "Which of these pseudonyms may be invited to a study chosen by genome (counts only)",
          description: `Scope \`gate:recontact\`. A study under a data-access \`approval\` the bridge holds, active and within its dates (else 403 \`invitation_denied\` with the reason, signed), names its registry id, the criterion its selection was made by (an HGNC gene; \`somatic\` for the tumour, \`germline\` for an inherited variant) and 1–${MAX_INVITATION_PSEUDONYMS} unique pseudonyms. Each is decided from consent alone (ADR 138): research contact allowed (\`recontact\`, topic research) and not withdrawn; for an inherited criterion, the participant chose to know that kind of result (the ACMG SF category for a gene on that list, else the primary result); fewer research messages already claimed than the frequency they chose allows. The answer counts the invitable and the excluded by reason, and names no pseudonym; the question and the invitable pseudonyms are stored first, and the platform invites them in their language. 503 while the projection or the approvals' copy is stale or the database unreachable.`,
          tags: ["invitations"],
          security: tokenWith("gate:recontact"),
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("InvitationRequest") } } },
          responses: {
            "201": { description: "Counted and stored; signed (`jws`)", content: { "application/json": { schema: schemaRef("InvitationAnswer") } } },
            ...refusalResponses({ badRequest: true, jsonBody: true, unavailable: true }),
            "403": {
              description: "forbidden: scope_missing; or invitation_denied (signed) with the approval's reason",
              content: { "application/json": { schema: { anyOf: [schemaRef("InvitationDenial"), schemaRef("Error")] } } },
            },
          },
        },
      },
    },
    // The answers as sent: signed, so `jws` beside the members the schemas check (issue 61: the document had them without it).
    zodSchemas: { InvitationRequest: InvitationRequestSchema, InvitationAnswer: signed(InvitationAnswerSchema), InvitationDenial: signed(InvitationDenialSchema) },
  }),
};
