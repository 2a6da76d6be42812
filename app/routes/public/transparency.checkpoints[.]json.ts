import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedCheckpointsJson } from "../../domain/transparency/index.server";
import { refusedWith } from "../../forms/refusals.server";

/**
 * The published checkpoints, oldest first, a page at a time (`?after=<n>`: checkpoints n + 1 onwards; `next` names
 * the following page), with where their keys are (ADR 046). Public: a witness copies it on a schedule.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const after = new URL(request.url).searchParams.get("after");
  // A checkpoint number, digits only: anything else is a client's mistake, answered as the APIs answer one.
  if (after !== null && !/^\d{1,15}$/.test(after)) return refusedWith({ error: "malformed_request", issues: [{ path: ["after"], message: "after must be a checkpoint number" }] }, "invalid_input", { "Cache-Control": "no-store" });
  return new Response(await publishedCheckpointsJson({ after: after === null ? 0 : Number(after) }), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff" },
  });
}
