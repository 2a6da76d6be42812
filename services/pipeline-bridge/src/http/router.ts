import type { IncomingMessage } from "node:http";
import type { WirePath } from "@tsunagi/bridge-wire/relay-wire";
import type { LoggedResponse } from "@tsunagi/service-kit/logger";
import type { z } from "zod";
import type { BridgeContext } from "../bridge-context";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** One request on its way through a handler: the raw request and response, the path's parameters and query. */
export interface Exchange {
  request: IncomingMessage;
  /** A node:http response that writes the request's log line when it ends (createBridgeServer). */
  response: LoggedResponse;
  /** `{id}` segments of the route's pattern, decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  context: BridgeContext;
}

export type RouteHandler = (exchange: Exchange) => Promise<void> | void;

/**
 * A pattern the bridge registers. A path under /internal/ is the relay's wire: it must be a WirePath from
 * `@tsunagi/bridge-wire`, the one definition the relay posts to, so a path typed here that the relay does not know
 * (or one the relay posts to that is typed again here) fails the typecheck (ADR 128).
 */
export type RoutePattern<Pattern extends string> = Pattern extends WirePath ? Pattern : Pattern extends `/internal/${string}` ? never : Pattern;

/** OpenAPI 3.1 fragments a route module contributes to `GET /openapi.json`. */
export interface OpenApiContribution {
  /** Keyed by path as OpenAPI writes it (`/v1/releases/{id}`), then by lower-case method. */
  paths: Record<string, Record<string, unknown>>;
  /** JSON Schemas added to `components.schemas`; refer to them as `#/components/schemas/<name>` (schemaRef). */
  schemas?: Record<string, unknown>;
  /** zod schemas converted with z.toJSONSchema into `components.schemas`; one that uses another refers to it. */
  zodSchemas?: Record<string, z.ZodType>;
}

/**
 * A group of routes that belong together (decisions, events, releases…). The server registers every module listed
 * in server.ts; a module documents what it serves in `openapi`, and a test checks that every registered route
 * appears there.
 */
export interface RouteModule {
  name: string;
  register(router: Router): void;
  openapi?(): OpenApiContribution;
}

interface Route {
  method: HttpMethod;
  pattern: string;
  segments: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: "found"; handler: RouteHandler; params: Record<string, string>; /** As registered: `/v1/subjects/{id}`. */ pattern: string }
  | { kind: "method_not_allowed"; allow: HttpMethod[] }
  | { kind: "not_found" };

/**
 * Method + path routing, exact paths first (a Map lookup on the hot path), then patterns with `{name}` segments.
 * Anything not registered is refused, never guessed at.
 */
export class Router {
  private readonly exact = new Map<string, Route>();
  private readonly patterned: Route[] = [];
  private readonly all: Route[] = [];

  private add(method: HttpMethod, pattern: string, handler: RouteHandler): void {
    const route: Route = { method, pattern, segments: pattern.split("/"), handler };
    if (this.all.some((existing) => existing.method === method && existing.pattern === pattern)) {
      throw new Error(`Route registered twice: ${method} ${pattern}`);
    }
    this.all.push(route);
    if (pattern.includes("{")) this.patterned.push(route);
    else this.exact.set(`${method} ${pattern}`, route);
  }

  get<Pattern extends string>(pattern: Pattern & RoutePattern<Pattern>, handler: RouteHandler): void {
    this.add("GET", pattern, handler);
  }
  post<Pattern extends string>(pattern: Pattern & RoutePattern<Pattern>, handler: RouteHandler): void {
    this.add("POST", pattern, handler);
  }
  put<Pattern extends string>(pattern: Pattern & RoutePattern<Pattern>, handler: RouteHandler): void {
    this.add("PUT", pattern, handler);
  }

  /** Every registered route, for the OpenAPI completeness check. */
  routes(): { method: HttpMethod; pattern: string }[] {
    return this.all.map(({ method, pattern }) => ({ method, pattern }));
  }

  match(method: string, pathname: string): RouteMatch {
    const exact = this.exact.get(`${method} ${pathname}`);
    if (exact) return { kind: "found", handler: exact.handler, params: {}, pattern: exact.pattern };
    const segments = pathname.split("/");
    const allow: HttpMethod[] = [];
    for (const route of this.all) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { kind: "found", handler: route.handler, params, pattern: route.pattern };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: "method_not_allowed", allow } : { kind: "not_found" };
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index]!;
    const value = actual[index]!;
    if (expected.startsWith("{") && expected.endsWith("}")) {
      if (value === "") return null;
      let decoded: string;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        return null;
      }
      params[expected.slice(1, -1)] = decoded;
    } else if (expected !== value) {
      return null;
    }
  }
  return params;
}
