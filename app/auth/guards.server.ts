import { redirect, type AppLoadContext } from "@remix-run/node";
import { hasPermission, type Permission } from "../domain/authz/index";
import { isStaffRole } from "../domain/authz/index";
import { isRecentlyAuthenticated } from "../domain/auth/index";
import { validateSessionToken, type ValidatedSession } from "../domain/session/index.server";
import { recordPermissionDenial } from "../domain/authz/index.server";
import { kioskAllows, kioskJourneyPath } from "../domain/session/index";
import { clearSessionCookie, readSessionToken } from "./session-cookie.server";

const cache = new WeakMap<object, { cookie: string | null; pending: Promise<ValidatedSession | null> }>();

/**
 * The session behind this request's cookie, validated once per request. Remix gives each of a page's loaders its own
 * copy of the Request, so a GET is remembered by the request's scope (one object per HTTP request, made by the server)
 * and its cookie; anything else by its Request, so that loaders after an action that changed the session validate it
 * again.
 */
export function getSession(request: Request, context: AppLoadContext): Promise<ValidatedSession | null> {
  const cookie = request.headers.get("Cookie");
  const key = (request.method === "GET" || request.method === "HEAD") && context.requestScope ? context.requestScope : request;
  let entry = cache.get(key);
  if (!entry || entry.cookie !== cookie) {
    entry = {
      cookie,
      pending: readSessionToken(request)
        .then((token) => (token ? validateSessionToken(token, { ipAddress: context.clientAddress, userAgent: request.headers.get("User-Agent") }) : null))
        .then((session) => keptInKiosk(request, session)),
    };
    cache.set(key, entry);
  }
  return entry.pending;
}

/**
 * A session locked as a clinic kiosk (ADR 121) reaches only its participant's journey and the hand-back page: every
 * other page — staff pages, other participants, sign-out, the public site — is sent back to the journey, here, where
 * every page's root loader and every guard reads the session. (The edge refuses a locked session's other posts before
 * any route runs: server/kiosk-lock.ts.)
 */
function keptInKiosk(request: Request, session: ValidatedSession | null): ValidatedSession | null {
  if (session?.kiosk && !kioskAllows(new URL(request.url).pathname, session.kiosk.participantId)) {
    throw redirect(kioskJourneyPath(session.kiosk.participantId), { status: 303, headers: { "Cache-Control": "no-store" } });
  }
  return session;
}

// Every redirect to a page named by the request goes through this one check (ADR 013).
export { safeRedirectPath } from "./safe-redirect.server";

async function toSignIn(request: Request): Promise<never> {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`, { headers: { "Set-Cookie": await clearSessionCookie() } });
}

export function secondFactorPending(session: ValidatedSession): boolean {
  return isStaffRole(session.user.roles) && session.secondFactorAt === null;
}

/**
 * A signed-in user, or a redirect to sign in. Staff whose session has not passed the second factor are sent
 * to it (or to enrol one) unless the page is part of that step.
 */
export async function requireUser(
  request: Request,
  context: AppLoadContext,
  options: { allowPendingSecondFactor?: boolean } = {},
): Promise<ValidatedSession> {
  const session = await getSession(request, context);
  if (!session) return toSignIn(request);
  if (!options.allowPendingSecondFactor && secondFactorPending(session)) {
    throw redirect(session.user.totpEnabled ? "/sign-in/second-factor" : "/account/two-factor/setup");
  }
  return session;
}

/** Deny by default: the permission must be granted to the user's role, and a refusal is audited. */
export async function requirePermission(request: Request, context: AppLoadContext, permission: Permission): Promise<ValidatedSession> {
  const session = await requireUser(request, context);
  if (!hasPermission(session.user.roles, permission)) {
    await recordPermissionDenial({
      permission,
      path: new URL(request.url).pathname,
      context: { actorUserId: session.userId, ipAddress: context.clientAddress, userAgent: request.headers.get("User-Agent") },
    });
    throw new Response("Forbidden", { status: 403 });
  }
  return session;
}

/**
 * For a page several roles reach through different permissions (the committee's pages: the secretariat's
 * `applications:manage`, a member's `committee:review`): any one of them lets the person in; none is refused and
 * audited as the last one named.
 */
export async function requireAnyPermission(request: Request, context: AppLoadContext, permissions: readonly [Permission, ...Permission[]]): Promise<ValidatedSession> {
  const session = await requireUser(request, context);
  if (permissions.some((permission) => hasPermission(session.user.roles, permission))) return session;
  return requirePermission(request, context, permissions[permissions.length - 1]!);
}

/** Pages for signed-out people (sign-in) send a fully signed-in user home instead. */
export async function redirectIfSignedIn(request: Request, context: AppLoadContext): Promise<void> {
  const session = await getSession(request, context);
  if (session && !secondFactorPending(session)) throw redirect("/home");
}

/** Before a sign-in factor changes: a sign-in or re-authentication in the last 10 minutes, else prove it again. */
export function requireRecentAuthentication(session: ValidatedSession, request: Request, returnTo?: string): void {
  if (!isRecentlyAuthenticated(session)) redirectToReauthentication(request, returnTo);
}

export function redirectToReauthentication(request: Request, returnTo?: string): never {
  const url = new URL(request.url);
  const back = returnTo ?? `${url.pathname}${url.search}`;
  throw redirect(`/account/reauthenticate?redirectTo=${encodeURIComponent(back)}`);
}
