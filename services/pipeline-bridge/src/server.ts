import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { localUrlOf } from "@tsunagi/service-kit/listen-address";
import { LoggedResponse, serviceLogger, type Logger } from "@tsunagi/service-kit/logger";
import { applySlowClientLimits, closeConnectionUnlessBodyRead } from "@tsunagi/service-kit/unread-body";
import type { BridgeConfig } from "./bridge-config";
import { approvalRoutes } from "./approvals/approval-routes";
import { createBridgeContext, type BridgeContext } from "./bridge-context";
import { decisionRoutes } from "./decisions/decision-routes";
import { eventRoutes } from "./events/event-routes";
import { healthRoutes } from "./health/health-routes";
import { Router, type RouteModule } from "./http/router";
import { sendError } from "./http/send-json";
import { openApiRoutes } from "./openapi/openapi-routes";
import { ingestRoutes } from "./projection/ingest-routes";
import { invitationRoutes } from "./invitations/invitation-routes";
import { heartbeatRoutes } from "./bridge-streams";
import { releaseRoutes } from "./releases/release-routes";
import { jwksRoutes } from "./signing/jwks-routes";
import { subjectRoutes } from "./subjects/subject-routes";

/**
 * Every group of routes the bridge serves. A new group (releases: services/pipeline-bridge/src/releases/) is one line here;
 * it documents its paths in its own `openapi()`, which GET /openapi.json collects.
 */
export const routeModules: readonly RouteModule[] = [healthRoutes, jwksRoutes, ingestRoutes, approvalRoutes, heartbeatRoutes, decisionRoutes, subjectRoutes, eventRoutes, releaseRoutes, invitationRoutes];

export function createRouter(modules: readonly RouteModule[] = routeModules): Router {
  const router = new Router();
  const all = [...modules, openApiRoutes(modules)];
  for (const module of all) module.register(router);
  return router;
}

/**
 * Clients are machines on the cluster's network: a request, its largest body included (the relay's 16 MB ingest
 * batch), arrives within a minute, its headers within 20 s; a slower sender is cut off (Node answers 408).
 */
export const bridgeSlowClientLimits = { headersTimeoutMs: 20_000, requestTimeoutMs: 60_000 };

const log = serviceLogger("bridge");

/** The query of every request without one; handlers only read a query. */
const noQuery = new URLSearchParams();

/**
 * The bridge's response: logged (LoggedResponse), and a refusal given before the request's body was read (no token,
 * unknown path, too large) closes the connection instead of reading the rest of the body to keep it open
 * (closeConnectionUnlessBodyRead). The check is made once, when the answer's head is written — the moment the
 * connection's fate is decided — rather than with two listeners and a socket hook installed on every request before it
 * is known whether the body will be read (issue 30 item 7: the decision path's every microsecond). A request whose
 * body has arrived whole by then keeps its connection, as one whose body was read does.
 */
class BridgeResponse extends LoggedResponse {
  protected override get log(): Logger {
    return log;
  }

  override writeHead(statusCode: number, ...rest: unknown[]): this {
    if (!this.headersSent && !this.req.complete) closeConnectionUnlessBodyRead(this.req, this);
    return super.writeHead(statusCode, ...rest);
  }
}

/**
 * The pipeline bridge: answers allow/deny decisions for machines from its own pseudonymous projection of consent
 * (docs/pipeline-bridge.md). Anything not registered is refused, never guessed at. Every request gets an id
 * (X-Request-Id) and one log line naming its route's pattern, never its path or query (ADR 027).
 */
export function createBridgeServer(context: BridgeContext, router: Router = createRouter()): Server {
  const server = createServer({ ServerResponse: BridgeResponse as unknown as typeof ServerResponse }, (request, plainResponse) => {
    // Each response writes its own line when it ends (no listener per request: ADR 027, bench/RESULTS.md), and
    // closes the connection when it is answered before its body was read (BridgeResponse).
    const response = plainResponse as unknown as LoggedResponse;
    const raw = request.url ?? "/";
    const queryAt = raw.indexOf("?");
    const pathname = queryAt === -1 ? raw : raw.slice(0, queryAt);
    const match = router.match(request.method ?? "GET", pathname);
    if (match.kind === "not_found") return sendError(response, 404, "not_found");
    if (match.kind === "method_not_allowed") return sendError(response, 405, "method_not_allowed", {}, { Allow: match.allow.join(", ") });
    response.route = match.pattern;
    const query = queryAt === -1 ? noQuery : new URLSearchParams(raw.slice(queryAt + 1));
    let pending: Promise<void> | void;
    try {
      pending = match.handler({ request, response, params: match.params, query, context });
    } catch (error) {
      return answerFailure(request, response, error);
    }
    // An arrow without a name: under tsx a named inner function costs a defineProperty per request (ADR 090).
    if (pending) pending.catch((error: unknown) => answerFailure(request, response, error));
  });
  // Keep-alive connections from pipeline clients should outlive Node's 5 s default between batches.
  server.keepAliveTimeout = 65_000;
  applySlowClientLimits(server, bridgeSlowClientLimits);
  return server;
}

function answerFailure(request: IncomingMessage, response: LoggedResponse, error: unknown): void {
  log.error({ requestId: response.requestId, method: request.method, route: response.route, err: error }, "unexpected error while answering");
  // Never an allow on error: whatever was being answered is not sent.
  if (!response.headersSent) sendError(response, 500, "internal_error");
  else response.destroy();
}

export interface RunningBridge {
  server: Server;
  context: BridgeContext;
  /** A base URL that reaches it from this machine (`http://127.0.0.1:<port>` unless it listens on one other address). */
  url: string;
  /** Stops accepting, ends open connections, flushes the decision log and closes the database connections. */
  close(): Promise<void>;
}

export async function startBridgeServer(config: BridgeConfig): Promise<RunningBridge> {
  const context = await createBridgeContext(config);
  const server = createBridgeServer(context);
  const host = config.host ?? "127.0.0.1";
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, host, () => resolve());
    });
  } catch (error) {
    await context.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    server,
    context,
    url: localUrlOf(host, port),
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Long-polls are woken so their connections end instead of holding the close for up to 30 s.
        context.changes.notify();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
        await stopped;
        await context.close();
      })();
      return closing;
    },
  };
}
