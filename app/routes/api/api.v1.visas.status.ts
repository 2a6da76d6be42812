import type { ActionFunctionArgs } from "@remix-run/node";
import { passkeyError as jsonError, passkeyJson as noStoreJson, readJsonBody } from "../../auth/passkey-json.server";
import { answerVisaStatus, VisaStatusRequestSchema } from "../../domain/access/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/**
 * POST `{ "visa": "<jwt>" }`: may a visa this programme issued be relied on now (issue 27 item 3; ADR 043)? Answered
 * from the approval's state at this moment, as RFC 7662 introspection answers: `{ active, status, … }`. No sign-in:
 * the approval's state is on the public register. Rate-limited per address.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readJsonBody(request, VisaStatusRequestSchema);
  const outcome = await answerVisaStatus({ visa: body.visa, clientAddress: context.clientAddress || "unknown" });
  if (!outcome.allowed) return jsonError(429, "too_many_requests", { retryAfterSeconds: outcome.retryAfterSeconds });
  return noStoreJson(outcome.answer);
}
