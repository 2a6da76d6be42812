import type { HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";

/**
 * What Remix logs when a request goes wrong (exported as `handleError` from entry.server.tsx). Remix's default
 * prints every error with its stack, including the ones it raises for the client's own mistakes: a GET to a route
 * that has only an action (405), a POST to a page without one (405), a path no route matches (404). One pass
 * over every route wrote 514 stack traces (issue 10, defect 8), burying the ones that matter. Those answers are
 * the app working as designed, so each gets one line; an error of ours still gets its stack.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  // The client went away (tab closed, navigated on): Remix aborted its loaders, and nothing failed here.
  if (request.signal.aborted) return;
  const where = `${request.method} ${new URL(request.url).pathname}`;
  if (isRouteErrorResponse(error)) {
    // A 404 is logged once by the request handler (server/remix-request-handler.ts), which also sees the 404s
    // loaders throw and Remix never reports here; logging it here too would make two lines.
    if (error.status !== 404) console.warn(`[app] ${error.status} ${where}`);
    return;
  }
  // Remix's own note when a client asks for the old ?_data form of a route's data; anyone can add the parameter.
  if (error instanceof Error && error.message.startsWith("Warning: Single fetch-enabled apps should not be making ?_data requests")) {
    console.warn(`[app] ${where}: asked with ?_data, the old form of a route's data (this app serves .data)`);
    return;
  }
  console.error(`[app] ${where} failed:`, error);
};
