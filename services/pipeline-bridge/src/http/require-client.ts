import type { ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";
import type { AuthenticatedClient, ClientAuthentication } from "../auth/client-authenticator";
import type { Exchange } from "./router";
import { sendError } from "./send-json";

/** A scope the token must hold, or `"gate:*"` for any of the gate scopes (decisions, subject summaries). */
export type ScopeRequirement = ApiTokenScope | "gate:*";

export function hasScope(client: AuthenticatedClient, requirement: ScopeRequirement): boolean {
  if (requirement !== "gate:*") return client.scopes.has(requirement);
  for (const scope of client.scopes) if (scope.startsWith("gate:")) return true;
  return false;
}

/**
 * Authenticates the request's bearer token for a scope. On refusal it answers (401 with the reason, 403
 * scope_missing; 503 when the database cannot be asked) and returns undefined: the handler just returns.
 */
export async function requireClient(exchange: Exchange, requirement: ScopeRequirement): Promise<AuthenticatedClient | undefined> {
  const { request, response, context } = exchange;
  let result;
  try {
    result = await context.clients.authenticate(request.headers.authorization);
  } catch {
    sendError(response, 503, "database_unavailable");
    return undefined;
  }
  return admitted(response, result, requirement);
}

/**
 * The same, without a turn of the event loop when the token's verdict is cached (a pipeline's every request but its
 * first): the client, or undefined after answering the refusal; a promise only when the database must be asked.
 */
export function requireClientSoon(exchange: Exchange, requirement: ScopeRequirement): AuthenticatedClient | undefined | Promise<AuthenticatedClient | undefined> {
  const cached = exchange.context.clients.authenticateCached(exchange.request.headers.authorization);
  return cached === undefined ? requireClient(exchange, requirement) : admitted(exchange.response, cached, requirement);
}

function admitted(response: Exchange["response"], result: ClientAuthentication, requirement: ScopeRequirement): AuthenticatedClient | undefined {
  if (!result.ok) {
    sendError(response, 401, "unauthorized", { reason: result.reason }, { "WWW-Authenticate": 'Bearer realm="tsunagi-bridge"' });
    return undefined;
  }
  if (!hasScope(result.client, requirement)) {
    sendError(response, 403, "forbidden", { reason: "scope_missing" });
    return undefined;
  }
  return result.client;
}
