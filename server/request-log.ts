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

/**
 * Refusals of what no page of this app sends — a body that is not the form its action reads, an Origin that is not
 * the request's host: someone is probing or forging, so the request's line is a warning (one line, no stack; issue 27).
 */
const suspiciousRefusals = new Set(["unsupported_media_type", "unreadable_body", "origin_mismatch"]);

/** Names, on the request's line, why the edge refused it where the status alone does not say (403 cross-site…). */
export function noteRefusal(
  response: Response,
  reason: "cross_site" | "body_too_large" | "malformed_body" | "method_not_allowed" | "bad_host" | "client_error" | "unsupported_media_type" | "unreadable_body" | "origin_mismatch" | "kiosk_locked",
): void {
  const entry = requestLogOf(response);
  if (!entry) return;
  entry.refusal = reason;
  if (suspiciousRefusals.has(reason)) entry.warn = true;
}
