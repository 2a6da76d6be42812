import type { ActionFunctionArgs } from "@remix-run/node";
import { passkeyError as jsonError, passkeyJson as noStoreJson, readJsonBody } from "../../auth/passkey-json.server";
import { answerReadingRequest, ReadingRequestSchema } from "../../domain/text/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/**
 * POST: furigana for texts the browser rendered after a client-side navigation (ADR 037). JSON in
 * (`{ texts: [{ text, corrections? }] }`), segments out, in the same order. No sign-in: nothing personal is read.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readJsonBody(request, ReadingRequestSchema);
  const answer = await answerReadingRequest({ request: body, clientAddress: context.clientAddress || "unknown" });
  if (!answer.allowed) return jsonError(429, "too_many_requests", { retryAfterSeconds: answer.retryAfterSeconds });
  return noStoreJson({ readings: answer.readings });
}
