import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { passkeyJson, readJsonBody } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { startPasskeyReauthentication } from "../../domain/auth/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/** POST: options for confirming "it is you" with one of the signed-in account's passkeys. */
export async function action({ request, context }: ActionFunctionArgs) {
  await readJsonBody(request, z.object({}));
  const session = await requirePermission(request, context, "account:manage:own");
  // An account without a passkey has nothing to confirm with: not_found, answered 404 `{ error: "not_found" }` (ADR 131).
  return passkeyJson(await startPasskeyReauthentication({ session, request: await requestContextOf(request, context) }));
}
