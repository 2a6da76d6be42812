import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { passkeyJson, readJsonBody } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { startPasskeyRegistration } from "../../domain/auth/index.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/** POST: options for navigator.credentials.create() to add a passkey to the signed-in account. */
export async function action({ request, context }: ActionFunctionArgs) {
  await readJsonBody(request, z.object({}));
  const session = await requirePermission(request, context, "account:manage:own");
  // The factor-change rule: 401 `{ error, redirectTo }`, where the browser confirms it is you, then back to the passkeys page.
  answerRefusals({ returnAfterReauthentication: "/account/passkeys" });
  return passkeyJson(await startPasskeyRegistration({ session, request: await requestContextOf(request, context) }));
}
