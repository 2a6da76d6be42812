import type { NextFunction, Request, Response } from "express";
import { logRequest, serviceLogger, type RequestLogEntry } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

/**
 * First in the app's stack: every request gets its id (X-Request-Id on the answer) and, when answered, its one
 * line — method, route, status, duration (ADR 027). What answers it fills in the route (the Remix route's id) or,
 * for a refusal at the edge, why.
 */
export function logEachRequest() {
  return (request: Request, response: Response, next: NextFunction): void => {
    response.locals.requestLog = logRequest(log, request, response);
    next();
  };
}

export function requestLogOf(response: Response): RequestLogEntry | undefined {
  return response.locals.requestLog as RequestLogEntry | undefined;
}

/** Names, on the request's line, why the edge refused it where the status alone does not say (403 cross-site…). */
export function noteRefusal(response: Response, reason: "cross_site" | "body_too_large" | "malformed_body" | "method_not_allowed" | "bad_host" | "client_error"): void {
  const entry = requestLogOf(response);
  if (entry) entry.refusal = reason;
}
