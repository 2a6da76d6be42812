import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { passkeyError, passkeyJson, readJsonBody } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { isAppError } from "../../domain/kernel/index";
import { startPasskeyReauthentication } from "../../domain/auth/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/** POST: options for confirming "it is you" with one of the signed-in account's passkeys. */
export async function action({ request, context }: ActionFunctionArgs) {
  await readJsonBody(request, z.object({}));
  const session = await requirePermission(request, context, "account:manage:own");
  try {
    return passkeyJson(await startPasskeyReauthentication({ session, request: await requestContextOf(request, context) }));
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return passkeyError(404, "no_passkeys");
    throw error;
  }
}
