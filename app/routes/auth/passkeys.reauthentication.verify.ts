import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { safeRedirectPath, requirePermission } from "../../auth/guards.server";
import { passkeyError, passkeyJson, readJsonBody } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { reauthenticateWithPasskey, ReauthenticateWithPasskeySchema } from "../../domain/auth/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

const BodySchema = ReauthenticateWithPasskeySchema.extend({ redirectTo: z.string().max(2000).optional() });

/** POST { challengeId, response, redirectTo? }: marks the session as recently authenticated; answers { redirectTo }. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { redirectTo, ...input } = await readJsonBody(request, BodySchema);
  const session = await requirePermission(request, context, "account:manage:own");
  const result = await reauthenticateWithPasskey({ session, input, request: await requestContextOf(request, context) });
  if (!result.ok && result.reason === "rate_limited") return passkeyError(429, result.reason, { retryAfterSeconds: result.retryAfterSeconds });
  if (!result.ok) return passkeyError(401, result.reason);
  return passkeyJson({ redirectTo: safeRedirectPath(redirectTo, "/account") });
}
