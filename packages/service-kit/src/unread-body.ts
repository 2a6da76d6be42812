import type { IncomingMessage, ServerResponse } from "node:http";

/** True when the request announced a body: chunked (any Transfer-Encoding) or a Content-Length above zero. */
export function hasRequestBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** How long a connection whose body was left unread is held, half-closed and unread, after its answer. */
const lingerMs = 2_000;

/**
 * Answers sent before a request's body was read to its end close the connection, and the rest of the body is never
 * read. Node would otherwise keep the connection for a next request and read ("dump") the whole rest of the body to
 * find where that request starts — all 150 MB of it, for a refusal that looked only at the headers (issue 10,
 * defect 2).
 *
 * The close lingers: the answer is followed by a FIN, the socket is left unread (the sender is held back by TCP flow
 * control, a few buffers' worth) and is destroyed after `lingerMs` or when the client hangs up. Closing at once with
 * unread bytes makes the kernel send a reset, and a browser still uploading then shows "connection reset" instead of
 * the 413 page the person needs (nginx's lingering_close, for the same reason).
 *
 * Call it for every request before any handler runs. Keep-alive is restored the moment the body has been read to
 * its end, so an ordinary form post keeps its connection.
 */
export function closeConnectionUnlessBodyRead(request: IncomingMessage, response: ServerResponse): void {
  if (!hasRequestBody(request)) return;
  const keepAlive = response.shouldKeepAlive;
  response.shouldKeepAlive = false;
  const socket = request.socket;
  const nodeDestroySoon = socket.destroySoon;
  // Assigned back rather than deleted, so a keep-alive socket keeps one shape across its requests.
  const restore = () => {
    if (socket.destroySoon === lingeringClose) socket.destroySoon = nodeDestroySoon;
  };
  // Node ends a connection whose answer said "Connection: close" with socket.destroySoon(), right after it resumed
  // the request to discard its body; this socket's own destroySoon stops that reading and lingers instead.
  const lingeringClose = () => {
    restore();
    if (request.complete) return nodeDestroySoon.call(socket);
    request.pause();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
  socket.destroySoon = lingeringClose;
  request.once("end", () => {
    restore();
    if (!response.headersSent) response.shouldKeepAlive = keepAlive;
  });
  response.once("close", restore);
}

/**
 * Node's own limits on a slow client (a "slow drip"): the headers must arrive within `headersTimeoutMs` and the
 * whole request, body included, within `requestTimeoutMs`; past either, Node answers 408 and closes.
 */
export interface SlowClientLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export function applySlowClientLimits(server: { headersTimeout: number; requestTimeout: number }, limits: SlowClientLimits): void {
  // Node refuses a headers timeout longer than the request timeout; set the larger one first.
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
}
