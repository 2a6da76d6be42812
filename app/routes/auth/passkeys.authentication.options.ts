import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { passkeyJson, readJsonBody } from "../../auth/passkey-json.server";
import { requestContextOf } from "../../auth/request-context.server";
import { startPasskeyAuthentication } from "../../domain/auth/index.server";
import { jsonBodyHandle } from "../../request-body";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/** POST: options for navigator.credentials.get() to sign in with any passkey this site made. */
export async function action({ request, context }: ActionFunctionArgs) {
  await readJsonBody(request, z.object({}));
  return passkeyJson(await startPasskeyAuthentication({ request: await requestContextOf(request, context) }));
}
