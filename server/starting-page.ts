import type { NextFunction, Request, Response } from "express";
import { languageFromHeaders } from "../app/i18n/language.server";

/** The pages that offer a sign-in: the landing page's and the sign-in steps (link, second factor). */
function offersSignIn(path: string): "/" | "/sign-in" | null {
  if (path === "/") return "/";
  if (path === "/sign-in" || path.startsWith("/sign-in/")) return "/sign-in";
  return null;
}

/**
 * While `preparing()` says so (`npm start`, until the demo's accounts exist: server/app-cluster.ts), the landing and
 * sign-in pages answer 503 with a page that says the demo is being prepared and to reload, in the reader's language,
 * without script (issue 55): no sign-in is offered before it works. Every other page is served as usual. A sign-in
 * posted meanwhile gets the same page rather than "wrong password". Placed before the public-page cache, so the page
 * is never kept as the landing page.
 */
export function startingPage(preparing: () => boolean) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const path = preparing() ? offersSignIn(request.path) : null;
    if (path === null) return next();
    void (async () => {
      const [{ startingPageHtml, startingPagePolicy }, language] = await Promise.all([
        // Loaded only when it is shown: a deployment's workers never prepare a demo.
        import("../app/pwa/starting-page.server"),
        languageFromHeaders(request.get("cookie"), request.get("accept-language")),
      ]);
      const html = await startingPageHtml(language, path);
      response
        .status(503)
        .set({ "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": startingPagePolicy, "Cache-Control": "no-store", "Retry-After": "5" })
        .send(html);
    })().catch(next);
  };
}
