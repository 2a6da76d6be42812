import type { ActionFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../auth/guards.server";
import { passkeyError, passkeyJson, readJsonBody, reauthenticationRequired } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { isAppError } from "../../domain/kernel/index";
import { finishPasskeyRegistration, FinishPasskeyRegistrationSchema } from "../../domain/auth/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/** POST { challengeId, name?, response }: stores the new passkey once the authenticator's answer checks out. */
export async function action({ request, context }: ActionFunctionArgs) {
  const input = await readJsonBody(request, FinishPasskeyRegistrationSchema);
  const session = await requirePermission(request, context, "account:manage:own");
  try {
    const passkey = await finishPasskeyRegistration({ session, input, request: await requestContextOf(request, context) });
    return passkeyJson({ passkey });
  } catch (error) {
    if (isAppError(error) && error.code === "reauthentication_required") return reauthenticationRequired();
    if (isAppError(error) && error.code === "invalid_input") return passkeyError(400, "passkey_invalid");
    throw error;
  }
}
