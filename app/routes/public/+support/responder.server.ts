import { createCookie, type AppLoadContext } from "@remix-run/node";
import { getSession, secondFactorPending } from "../../../auth/guards.server";
import { cookiesAreSecure } from "../../../auth/cookie-security.server";
import type { ConsultationViewer } from "../../../domain/consultations/index.server";
import { looksLikeResponderToken } from "../../../domain/consultations/index.server";

/**
 * The public's way back to their own answers (ADR 059): a random token, HttpOnly so no script reads it, Lax so it is
 * sent when the person follows a link to the consultation, scoped to the consultations' pages, and kept 400 days (the
 * most browsers allow) so one browser stays one responder across a consultation's window. Set only when a member of
 * the public first submits; only its keyed hash per consultation is stored.
 */
function responderCookie() {
  return createCookie(cookiesAreSecure() ? "__Secure-tsunagi_responder" : "tsunagi_responder", {
    path: "/consultations",
    httpOnly: true,
    sameSite: "lax",
    secure: cookiesAreSecure(),
    maxAge: 60 * 60 * 24 * 400,
  });
}

export async function readResponderToken(request: Request): Promise<string | null> {
  const value: unknown = await responderCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && looksLikeResponderToken(value) ? value : null;
}

export function setResponderCookie(token: string): Promise<string> {
  return responderCookie().serialize(token);
}

/**
 * Who is looking at a consultation: a signed-in account with its roles, or nobody (the public) — signed out, or a
 * staff session short of its second factor, which has not yet shown who it is.
 */
export async function consultationViewerOf(request: Request, context: AppLoadContext): Promise<ConsultationViewer | null> {
  const session = await getSession(request, context);
  if (!session || secondFactorPending(session)) return null;
  return { userId: session.userId, roles: session.user.roles };
}
