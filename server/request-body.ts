import type { NextFunction, Request, Response } from "express";
import getRawBody from "raw-body";
import { secondFactorPending } from "../app/auth/guards.server";
import { sessionCookie } from "../app/auth/session-cookie.server";
import { hasPermission, type Permission } from "../app/domain/authz/index";
import { validateSessionToken } from "../app/domain/session/index.server";
import { sendBodyTooLarge } from "./refusal-page";
import { noteRefusal } from "./request-log";

/** Forms carry a few kilobytes; a megabyte is far more than any of them needs. */
export const defaultBodyLimitBytes = 1_000_000;

/**
 * POSTs to these paths may send more than the default (a file); every other request keeps the default. A limit
 * with `for` applies only to a signed-in session holding that permission (second factor passed): anyone else gets
 * the default, so a stranger cannot make the server hold ten megabytes per connection on a staff-only upload.
 */
const largerBodyLimits: readonly { path: RegExp; bytes: number; for?: Permission }[] = [
  // Scanned paper consents: up to 10 MB a file (checked again by the route), plus the form's other fields.
  { path: /^\/staff\/participants\/[^/]+\/paper\/?$/, bytes: 10_500_000, for: "participants:consent_on_behalf" },
  // An applicant's ethics approval document: up to 10 MB a PDF (checked again by the route), multipart around it.
  { path: /^\/applications\/[^/]+\/ethics-document\/?$/, bytes: 10_500_000, for: "applications:own" },
  // A consent PDF to compare with the stored copy. The route takes up to 1 MB and says so in the form; the
  // headroom lets a file slightly over that reach the form's own message instead of this edge's page.
  { path: /^\/verify\/?$/, bytes: 2_000_000 },
];

/**
 * The most a request to `method` `path` may send. With JavaScript, Remix posts a form to the same path with
 * `.data` appended (single fetch), so that suffix is looked through.
 */
export async function bodyLimitFor(request: Pick<Request, "method" | "path" | "ip" | "get">): Promise<number> {
  if (request.method !== "POST") return defaultBodyLimitBytes;
  const pagePath = request.path.endsWith(".data") ? request.path.slice(0, -".data".length) : request.path;
  const larger = largerBodyLimits.find((entry) => entry.path.test(pagePath));
  if (!larger) return defaultBodyLimitBytes;
  if (larger.for && !(await sessionHolds(request, larger.for))) return defaultBodyLimitBytes;
  return larger.bytes;
}

/** The same session check the route makes (one more read of the session row, on upload paths only). */
async function sessionHolds(request: Pick<Request, "ip" | "get">, permission: Permission): Promise<boolean> {
  const token: unknown = await sessionCookie().parse(request.get("cookie") ?? null);
  if (typeof token !== "string") return false;
  const session = await validateSessionToken(token, { ipAddress: request.ip ?? null, userAgent: request.get("user-agent") ?? null });
  return session !== null && !secondFactorPending(session) && hasPermission(session.user.roles, permission);
}

const bodies = new WeakMap<Request, Buffer>();

/** The body `readBodyWithinLimit` read; undefined for GET and HEAD, whose bodies are never read. */
export function bufferedBodyOf(request: Request): Buffer | undefined {
  return bodies.get(request);
}

/**
 * Reads every request body (except GET's and HEAD's, which Remix ignores) into memory before anything else sees
 * it, counting bytes as they arrive whatever the framing — Content-Length, chunked, or a slow drip — and stopping
 * at the path's limit with a 413 (raw-body, the reader body-parser uses). The rest is never read: raw-body pauses
 * the request and the answer closes the connection (@tsunagi/service-kit/unread-body).
 *
 * Reading the whole body first, rather than handing Remix a stream that fails part-way, means no route code runs
 * on a request that is later refused for its size: nothing half-done, and one place that answers 413.
 */
export function readBodyWithinLimit() {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method === "GET" || request.method === "HEAD") return next();
    // An announced length over the limit is refused before a byte is read; a chunked body is counted as it comes.
    let limit = defaultBodyLimitBytes;
    bodyLimitFor(request)
      .then((allowed) => {
        limit = allowed;
        return getRawBody(request, { limit, length: request.get("content-length") });
      })
      .then(
        (body) => {
          bodies.set(request, body);
          next();
        },
        (error: { type?: string; status?: number }) => {
          if (error.type === "entity.too.large") {
            noteRefusal(response, "body_too_large");
            return void sendBodyTooLarge(request, response, limit).catch(next);
          }
          // The client stopped sending (closed the connection mid-body): there is no one to answer.
          if (error.type === "request.aborted" || request.destroyed) return void response.destroy();
          if (error.status && error.status < 500) {
            noteRefusal(response, "malformed_body");
            return void response.status(400).type("text/plain").set("Connection", "close").send("Bad request");
          }
          next(error);
        },
      );
  };
}
