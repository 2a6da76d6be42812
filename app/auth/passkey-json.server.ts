import { findDuplicateKey } from "@tsunagi/service-kit/json-duplicate-keys";
import type { z } from "zod";

// A WebAuthn response is a few kilobytes; anything far larger is not one.
const maxBodyBytes = 128 * 1024;

/** A JSON answer for the passkey endpoints; never cached, since each holds a one-time challenge or a result. */
export function passkeyJson(data: unknown, init: { status?: number; headers?: Headers } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  return Response.json(data, { status: init.status ?? 200, headers });
}

export function passkeyError(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  const headers = new Headers();
  if (typeof extra.retryAfterSeconds === "number") headers.set("Retry-After", String(Math.max(1, Math.ceil(extra.retryAfterSeconds))));
  return passkeyJson({ error, ...extra }, { status, headers });
}

/**
 * The body parsed against `schema`; a wrong method, a body not sent as `application/json` (415: a text/plain POST
 * is what another site's page can make a browser send without asking), an oversized body or a bad shape is refused
 * here (thrown).
 */
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  if (request.method !== "POST") throw passkeyError(405, "method_not_allowed");
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("Content-Type") ?? "")) throw passkeyError(415, "unsupported_media_type");
  const text = Number(request.headers.get("Content-Length") ?? 0) > maxBodyBytes ? null : await request.text();
  if (text === null || text.length > maxBodyBytes) throw passkeyError(413, "too_large");
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw passkeyError(400, "invalid_input");
  }
  // Two members of one name: JSON.parse keeps the last, another reader the first (issue 27). Refused, naming it.
  const duplicate = text === "" ? null : findDuplicateKey(text);
  if (duplicate) throw passkeyError(400, "invalid_input", { issues: [{ path: duplicate.path.split(".").slice(1), message: `member "${duplicate.key}" appears twice` }] });
  const parsed = schema.safeParse(body);
  // Which field and why, in words a developer can act on (as the findings API answers); never the value sent.
  if (!parsed.success) throw passkeyError(400, "invalid_input", { issues: parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String), message: issue.message })) });
  return parsed.data;
}
