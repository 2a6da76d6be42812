import type { ActionFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../auth/guards.server";
import { passkeyJson, readJsonBody } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { finishPasskeyRegistration, FinishPasskeyRegistrationSchema } from "../../domain/auth/index.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/** POST { challengeId, name?, response }: stores the new passkey once the authenticator's answer checks out. */
export async function action({ request, context }: ActionFunctionArgs) {
  const input = await readJsonBody(request, FinishPasskeyRegistrationSchema);
  const session = await requirePermission(request, context, "account:manage:own");
  // The factor-change rule: 401 `{ error, redirectTo }` back to the passkeys page; an authenticator's answer that does
  // not check out is 400 `{ error: "invalid_input", message }` (ADR 131), which the page says as "invalid".
  answerRefusals({ returnAfterReauthentication: "/account/passkeys" });
  const passkey = await finishPasskeyRegistration({ session, input, request: await requestContextOf(request, context) });
  return passkeyJson({ passkey });
}
