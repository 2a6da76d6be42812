import type { ActionFunctionArgs } from "@remix-run/node";
import { requestContextOf } from "../../auth/request-context.server";
import { submitFinding } from "../../domain/findings/index.server";
import { jsonBodyHandle } from "../../request-body";
import { jsonApiAnswer } from "../../routes-support/json-api-answer";

/** Its action reads JSON and answers any other body itself (415, 400): the edge's form check (server/form-body.ts) leaves it. */
export const handle = jsonBodyHandle;

/** POST a secondary finding (ADR 032; documented at /api/v1/openapi.json). Machines only: an API token scoped `findings:submit`. */
export async function action({ request, context }: ActionFunctionArgs) {
  const response = await submitFinding({
    authorization: request.headers.get("Authorization"),
    contentType: request.headers.get("Content-Type"),
    body: await request.text(),
    request: await requestContextOf(request, context),
  });
  return jsonApiAnswer(response);
}
