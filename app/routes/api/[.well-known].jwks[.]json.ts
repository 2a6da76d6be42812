import { visaJwks } from "../../domain/access/index.server";

/** The public keys that sign GA4GH Passport visas (ADR 043): the `jku` every visa names. Public, cacheable. */
export async function loader() {
  return new Response(`${JSON.stringify(await visaJwks())}\n`, {
    headers: { "Content-Type": "application/jwk-set+json; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
