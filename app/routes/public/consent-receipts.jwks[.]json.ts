import { receiptJwks } from "../../domain/consent/index.server";

/**
 * The public keys that sign consent receipts (issue 32 item 2; ADR 108): every key, retired ones too, so anyone can
 * check a receipt offline against them. Public, cacheable, readable from any origin.
 */
export async function loader() {
  return new Response(`${JSON.stringify(await receiptJwks())}\n`, {
    headers: { "Content-Type": "application/jwk-set+json; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
