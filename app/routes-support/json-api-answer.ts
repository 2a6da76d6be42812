/**
 * A JSON intake's answer as the wire carries it (findings, ADR 032; reports, ADR 137): the verb's status, body and
 * headers (WWW-Authenticate on a refused token), never cached.
 */
export function jsonApiAnswer(response: { status: number; body: unknown; headers: Record<string, string> }): Response {
  return new Response(JSON.stringify(response.body), {
    status: response.status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...response.headers },
  });
}
