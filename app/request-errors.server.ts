import type { HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { pathForLog, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

/**
 * What Remix logs when a request goes wrong (exported as `handleError` from entry.server.tsx). Remix's default
 * prints every error with its stack, including the ones it raises for the client's own mistakes: a GET to a route
 * that has only an action (405), a POST to a page without one (405), a path no route matches (404). One pass
 * over every route wrote 514 stack traces (issue 10, defect 8), burying the ones that matter. Those answers are
 * the app working as designed: the request's own line (server/request-log.ts) already says its status, so they add
 * nothing; an error of ours gets one line with its stack and the request's id (from the load context; ADR 027); the path is logged without its query and ids (pathForLog), never as asked.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // The client went away (tab closed, navigated on): Remix aborted its loaders, and nothing failed here.
  if (request.signal.aborted) return;
  const where = { requestId: context.requestId, method: request.method, path: pathForLog(new URL(request.url).pathname) };
  // A client's mistake (404, 405, 400…): the request's line says so.
  if (isRouteErrorResponse(error)) return;
  // Remix's own note when a client asks for the old ?_data form of a route's data; anyone can add the parameter.
  if (error instanceof Error && error.message.startsWith("Warning: Single fetch-enabled apps should not be making ?_data requests")) {
    log.info(where, "asked with ?_data, the old form of a route's data (this app serves .data)");
    return;
  }
  log.error({ ...where, err: error }, "unexpected error while answering");
};
