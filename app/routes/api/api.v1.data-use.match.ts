import type { ActionFunctionArgs } from "@remix-run/node";
import { passkeyError as jsonError, passkeyJson as noStoreJson, readJsonBody } from "../../auth/passkey-json.server";
import { answerDataUseMatch } from "../../domain/access/index.server";
import { DataUseMatchRequestSchema } from "../../domain/access/index";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/**
 * POST: automatic consent matching for tools (issue 15; ADR 039). `{ dataUse, purpose }` in, `{ result, reasons }`
 * out. No sign-in and no personal data: the answer depends only on the request. Rate-limited per address.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readJsonBody(request, DataUseMatchRequestSchema);
  const answer = await answerDataUseMatch({ request: body, clientAddress: context.clientAddress || "unknown" });
  if (!answer.allowed) return jsonError(429, "too_many_requests", { retryAfterSeconds: answer.retryAfterSeconds });
  return noStoreJson({ result: answer.result, reasons: answer.reasons });
}
