// Calls Remix loaders and actions the way the server does — a real Request, a real session cookie — so
// integration tests see the same validation, guards and translated errors a browser would.
import type { AppLoadContext } from "@remix-run/node";
import { sessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { languageCookie } from "../../app/i18n/language.server";
import type { Role } from "../../app/domain/authz/roles";
import { answeringRefusals, type RefusalSurface } from "../../app/forms/refusal-answers.server";

export const appOrigin = "http://localhost:3000";
export const loadContext = { clientAddress: "127.0.0.1", cspNonce: "" } as AppLoadContext;

export async function cookieFor(user: { id: string; role: Role } | null, language = "ja"): Promise<string> {
  const parts = [(await languageCookie.serialize(language)).split(";")[0]!];
  if (user) {
    const { token } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified: true });
    parts.push((await sessionCookie().serialize(token)).split(";")[0]!);
  }
  return parts.join("; ");
}

export function formPost(path: string, fields: Record<string, string | string[]>, cookie: string): Request {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  return new Request(new URL(path, appOrigin), {
    method: "POST",
    body,
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "vitest" },
  });
}

export function pageGet(path: string, cookie: string): Request {
  return new Request(new URL(path, appOrigin), { headers: { Cookie: cookie, "User-Agent": "vitest" } });
}

/** Runs a loader or action; a thrown Response (redirect, 403) is returned like a returned one. */
export async function settle(run: () => Promise<unknown>, options: { surface?: RefusalSurface; phase?: "loader" | "action"; request?: Request } = {}): Promise<Response> {
  try {
    // As the server runs every route (ADR 131): a refusal the route lets go is answered by the one adapter.
    const value = await answeringRefusals(options.surface ?? "page", options.phase ?? "action", options.request, run);
    if (value instanceof Response) return value;
    return new Response(JSON.stringify(value ?? null), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Every message in a Conform reply (form-level and per field), flattened. */
export function replyErrors(body: unknown): string[] {
  const result = (body as { result?: { error?: Record<string, string[] | null> } }).result;
  return Object.values(result?.error ?? {}).flatMap((messages) => messages ?? []);
}
