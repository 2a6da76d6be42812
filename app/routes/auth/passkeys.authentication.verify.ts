import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { passkeyError, passkeyJson, readJsonBody } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { signedInRedirect } from "../../auth/sign-in-response.server";
import { finishPasskeyAuthentication, FinishPasskeyAuthenticationSchema } from "../../domain/auth/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

const BodySchema = FinishPasskeyAuthenticationSchema.extend({ redirectTo: z.string().max(2000).optional() });

/** POST { challengeId, response, redirectTo? }: signs in; answers { redirectTo } with the session cookies set. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { redirectTo, ...input } = await readJsonBody(request, BodySchema);
  const result = await finishPasskeyAuthentication({ input, request: await requestContextOf(request, context) });
  if (!result.ok && result.reason === "rate_limited") return passkeyError(429, result.reason, { retryAfterSeconds: result.retryAfterSeconds });
  if (!result.ok) return passkeyError(401, result.reason);
  // signedInRedirect decides the cookies and the next page for every sign-in method. A fetch() cannot turn a
  // redirect into a page load, so its cookies are kept and its Location is handed back for the page to open.
  const redirect = await signedInRedirect(result, redirectTo);
  const headers = new Headers();
  for (const cookie of redirect.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return passkeyJson({ redirectTo: redirect.headers.get("Location") ?? "/home" }, { headers });
}
