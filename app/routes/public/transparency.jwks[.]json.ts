import { checkpointJwksJson } from "../../domain/transparency/index.server";

/** The public keys that sign the published checkpoints (ADR 046; the ledger checkpoint keys, ADR 012). Public, cacheable. */
export async function loader() {
  return new Response(await checkpointJwksJson(), {
    headers: { "Content-Type": "application/jwk-set+json; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff" },
  });
}
