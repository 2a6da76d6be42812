import { registerJson } from "../../domain/access/index.server";

/** Every register entry as JSON, both languages (ADR 043). Public, like the page. */
export async function loader() {
  return new Response(await registerJson(), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" } });
}
