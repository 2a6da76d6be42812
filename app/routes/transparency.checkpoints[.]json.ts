import { publishedCheckpointsJson } from "../domain/transparency/checkpoints/published-checkpoint-documents.server";

/** Every published checkpoint, oldest first, with where its keys are (ADR 046). Public: a witness copies it on a schedule. */
export async function loader() {
  return new Response(await publishedCheckpointsJson(), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff" },
  });
}
