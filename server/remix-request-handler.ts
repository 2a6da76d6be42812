import { STATUS_CODES } from "node:http";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { ErrorRequestHandler, NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { matchedRouteId, routeMethods } from "./allowed-methods";
import { isOneClickUnsubscribe } from "./cross-site";
import { requestBodyKindOf } from "../app/request-body";
import { formBodyRefusal } from "./form-body";
import { sendRefusalPage } from "./refusal-page";
import { bufferedBodyOf } from "./request-body";
import { noteRefusal, requestLogOf } from "./request-log";

type Build = ServerBuild | (() => Promise<ServerBuild>);

/** The methods the app's pages and forms use; Remix would hand PUT, PATCH and DELETE to a form's action too. */
const appMethods = new Set(["GET", "HEAD", "POST"]);

/**
 * Express → Remix, in place of `@remix-run/express`'s handler (2.17), whose behaviour it keeps: every request
 * header, the URL (host and protocol as Express resolves them under "trust proxy"), an abort signal fired when the
 * client goes away before the answer is written, and the answer's status, headers (each Set-Cookie apart) and
 * streamed body. That adapter streams `req` straight into the Web Request, so nothing could stop a route reading an
 * unbounded body; here Remix gets the body `readBodyWithinLimit` already read within its limit. Added: a 405 names
 * the route's methods in `Allow`, methods the app does not use are refused before any route code runs, a Host that
 * is no host is a 400, the request's log line names the Remix route that answered it (never the path, which may hold
 * a one-time token), every line the route's code writes carries the request's id, and a client that is gone is not
 * reported as a server error.
 */
export function createRemixRequestHandler(options: { build: Build; mode: string; getLoadContext: (request: ExpressRequest, response: ExpressResponse) => AppLoadContext }) {
  const handleRequest = createRequestHandler(options.build, options.mode);
  const currentBuild = () => (typeof options.build === "function" ? options.build() : Promise.resolve(options.build));

  return async (request: ExpressRequest, response: ExpressResponse, next: NextFunction): Promise<void> => {
    try {
      const routeId = matchedRouteId(await currentBuild(), request.path);
      const requestLog = requestLogOf(response);
      if (requestLog && routeId) requestLog.route = routeId;
      // A method the route does not take is refused here (its request line says so): Remix would answer a GET to an
      // action-only route 400, and log its own error with a stack trace for the rest.
      const allow = routeId ? routeMethods(await currentBuild(), routeId) : undefined;
      if (allow && (!appMethods.has(request.method) || !allow.includes(request.method))) {
        noteRefusal(response, "method_not_allowed");
        response.status(405).set({ Allow: allow.join(", "), "Cache-Control": "no-store" }).type("text/plain").send("Method Not Allowed");
        return;
      }
      const remixRequest = remixRequestOf(request, response);
      if (!remixRequest) {
        noteRefusal(response, "bad_host");
        response.status(400).type("text/plain").send("Bad request");
        return;
      }
      // Remix aborts an action whose Origin names another host than the request's with an Error: a 500 and a stack
      // for what no browser on this site sends (its own pages post with their origin). Refused here instead, for every
      // method Remix checks (a document's POST, PUT, PATCH, DELETE; any single-fetch call but GET).
      if (request.method !== "GET" && request.method !== "HEAD" && originDisagreesWithHost(remixRequest.headers)) {
        noteRefusal(response, "origin_mismatch");
        await sendRefusalPage(request, response, { status: 403, key: "otherOrigin" });
        return;
      }
      // A form action is only handed a body it can read as a form (issue 27): 415 for another type, 400 for broken
      // multipart, before any route code runs.
      if (request.method === "POST" && routeId && requestBodyKindOf((await currentBuild()).routes[routeId]?.module) === "form") {
        const refusal = await formBodyRefusal(request.get("content-type"), bufferedBodyOf(request) ?? new Uint8Array());
        if (refusal) {
          noteRefusal(response, refusal.reason);
          await sendRefusalPage(request, response, { status: refusal.status, key: refusal.status === 415 ? "notAForm" : "unreadableForm" });
          return;
        }
      }
      // A 404 — a path no route matches, or a loader's `throw new Response(null, { status: 404 })` — is the app
      // working, not a stack to read: the request's line says 404, and handleError adds nothing.
      const loadContext = options.getLoadContext(request, response);
      const remixResponse = await handleRequest(remixRequest, loadContext);
      await sendRemixResponse(response, remixResponse);
    } catch (error) {
      // The client closed the connection before the answer was written: there is no one to tell, and nothing failed here.
      if (response.destroyed && !response.writableFinished) return;
      next(error);
    }
  };
}

/**
 * The last handler: a client's mistake that Express or its static files refuse before Remix (a path that is not valid
 * percent-encoding is a URIError with status 400) gets its request line and a plain answer, where Express's own
 * handler printed the whole stack. Anything else — a 5xx, an error of ours — goes on to Express's handler as before.
 */
export const refuseClientErrors: ErrorRequestHandler = (error: unknown, request, response, next) => {
  const status = typeof error === "object" && error !== null ? ((error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode) : undefined;
  if (response.headersSent || typeof status !== "number" || status < 400 || status > 499) {
    next(error);
    return;
  }
  noteRefusal(response, "client_error");
  response.status(status).set("Cache-Control", "no-store").type("text/plain").send(STATUS_CODES[status] ?? "Bad Request");
};

function remixRequestOf(request: ExpressRequest, response: ExpressResponse): Request | undefined {
  // As Express's req.hostname: X-Forwarded-Host counts only from a proxy named in TRUST_PROXY, but here with its port.
  const trustProxy = request.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
  const forwardedHost = trustProxy(request.socket.remoteAddress, 0) ? request.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwardedHost || request.get("host") || "localhost";
  let url: URL;
  try {
    url = new URL(`${request.protocol}://${host}${request.originalUrl}`);
  } catch {
    // A Host header that is not a host name.
    return undefined;
  }

  let controller: AbortController | null = new AbortController();
  // Loaders and actions are aborted once the answer can no longer be written (closed without finishing).
  response.on("finish", () => (controller = null));
  response.on("close", () => controller?.abort());

  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  // The digest's one-click unsubscribe is posted from wherever the reader's mail client runs (RFC 8058; ADR 038): the
  // edge let exactly this path through its cross-site check, and Remix's own check (Origin against Host, for document
  // POSTs) would abort it with a 500. The token in the path is the request's only authority.
  if (isOneClickUnsubscribe(request.path)) headers.delete("origin");
  // Remix believes X-Forwarded-Host from anyone when it compares Origin with the host; only a proxy named in
  // TRUST_PROXY may say it (as the URL above), so from anyone else it does not reach Remix.
  if (!forwardedHost) headers.delete("x-forwarded-host");
  const init: RequestInit = { method: request.method, headers, signal: controller.signal };
  if (request.method !== "GET" && request.method !== "HEAD") {
    const body = bufferedBodyOf(request);
    if (body === undefined) throw new Error(`${request.method} ${request.path} reached Remix without its body read (readBodyWithinLimit)`);
    // The body is now a buffer of known length, however it was framed on the wire.
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.length));
    // raw-body concatenates into an ordinary (never shared) ArrayBuffer; the DOM typings want that said.
    init.body = body as Uint8Array<ArrayBuffer>;
  }
  return new Request(url.href, init);
}

/**
 * Remix's own CSRF rule (server-runtime's throwIfPotentialCSRFAttack, 2.17), asked before Remix throws on it: an
 * Origin must name the host the request was sent to (X-Forwarded-Host where it reaches Remix, else Host). Remix keeps
 * "null" as the string "null" and compares it with the host, so it disagrees like any other; so does an Origin that
 * is no URL. (The edge refuses these first, server/cross-site.ts; this holds whatever reaches Remix to the same rule.)
 */
export function originDisagreesWithHost(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  if (origin === "null") return true;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  try {
    return !host || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

async function sendRemixResponse(response: ExpressResponse, remixResponse: Response): Promise<void> {
  response.statusMessage = remixResponse.statusText;
  response.status(remixResponse.status);
  // Headers iterate each Set-Cookie on its own; append keeps them apart. Any other header the page sets is its own
  // and replaces the server's default of that name (helmet's Referrer-Policy, say) rather than joining it as a list.
  for (const [name, value] of remixResponse.headers.entries()) {
    if (name === "set-cookie") response.append(name, value);
    else response.set(name, value);
  }
  if (remixResponse.headers.get("Content-Type")?.match(/text\/event-stream/i)) response.flushHeaders();
  if (remixResponse.body) await writeReadableStreamToWritable(remixResponse.body, response);
  else response.end();
}
