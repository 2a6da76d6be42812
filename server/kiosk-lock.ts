import type { NextFunction, Request, Response } from "express";
import { sessionCookie } from "../app/auth/session-cookie.server";
import { kioskAllows, kioskJourneyPath } from "../app/domain/session/index";
import { validateSessionToken } from "../app/domain/session/index.server";
import { noteRefusal } from "./request-log";

/**
 * A session locked as a clinic kiosk (issue 55, ADR 121) posts only within its participant's journey and the hand-back
 * page. Pages and guarded actions are held to that where they read the session (app/auth/guards.server.ts); this is for
 * the posts that read none before they act — sign-in, an invitation's code, a public form — so a patient cannot sign
 * someone in over the coordinator's session or post anywhere else from the tablet. Only posts carrying a session
 * cookie to a path outside the kiosk's pay for the session read; a page's own posts (its journey step, the language
 * buttons) pass untouched.
 */
export function refuseKioskPostsElsewhere() {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method === "GET" || request.method === "HEAD") return next();
    const cookie = request.get("cookie");
    if (!cookie) return next();
    // The path as the router will read it: `..` and its percent-encoded forms resolved.
    const pathname = new URL(request.originalUrl, "http://edge.invalid").pathname;
    void (async () => {
      const token: unknown = await sessionCookie().parse(cookie);
      if (typeof token !== "string") return next();
      const session = await validateSessionToken(token, { ipAddress: request.ip ?? null, userAgent: request.get("user-agent") ?? null });
      if (!session?.kiosk || kioskAllows(pathname, session.kiosk.participantId)) return next();
      noteRefusal(response, "kiosk_locked");
      response.set("Cache-Control", "no-store");
      // A page's form goes back to the journey; Remix's data request (a script's fetch) is simply refused.
      if (pathname.endsWith(".data")) response.status(403).type("text/plain").send("Forbidden");
      else response.redirect(303, kioskJourneyPath(session.kiosk.participantId));
    })().catch(next);
  };
}
