import { z } from "zod";
import { apiTokenScopes, isApiTokenScope, type ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";
import { gateActions } from "@tsunagi/consent-rules/choice-catalogue";

/** Pieces every route module's OpenAPI description repeats. */

/** A signed answer as the wire carries it: the body and, beside it, `jws` over the body without it (`withJws`). */
export function signed<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  return schema.extend({ jws: z.string().meta({ description: "Compact ES256 JWS over the body without `jws`" }) });
}

/** The scope a decision needs: that of the action asked (`gate:analyze` to ask about analyze). */
export const gateActionScopes = gateActions.map((action) => `gate:${action}`).filter(isApiTokenScope);

/**
 * An operation's security: a bearer token holding one of these scopes (OpenAPI's alternatives); `gate:*` is any gate
 * scope, as require-client.ts reads it.
 */
export function tokenWith(...scopes: (ApiTokenScope | "gate:*")[]): { apiToken: string[] }[] {
  const each = scopes.flatMap((scope) => (scope === "gate:*" ? apiTokenScopes.filter((known) => known.startsWith("gate:")) : [scope]));
  return each.map((scope) => ({ apiToken: [scope] }));
}

export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

const errorContent = { "application/json": { schema: schemaRef("Error") } };

/** The refusals an authenticated JSON endpoint can answer, in the shapes docs/pipeline-bridge.md lists. */
export function refusalResponses(options: { badRequest?: boolean; jsonBody?: boolean; notFound?: boolean; unavailable?: boolean } = {}): Record<string, unknown> {
  return {
    ...(options.badRequest ? { "400": { description: "malformed_request: not JSON or not the documented shape", content: errorContent } } : {}),
    "401": { description: "unauthorized: token_missing, token_malformed, token_unknown, token_revoked or token_expired", content: errorContent },
    "403": { description: "forbidden: scope_missing", content: errorContent },
    ...(options.notFound ? { "404": { description: "Not found", content: errorContent } } : {}),
    ...(options.jsonBody ? { "413": { description: "payload_too_large: the body exceeds the limit and was not read", content: errorContent } } : {}),
    ...(options.jsonBody ? { "415": { description: "unsupported_media_type: the body is not sent as application/json (not read)", content: errorContent } } : {}),
    ...(options.unavailable ? { "503": { description: "projection_stale or database_unavailable", content: errorContent } } : {}),
  };
}

export const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "string", examples: ["malformed_request", "unauthorized", "forbidden", "unknown_subject", "projection_stale"] },
    reason: { type: "string" },
    issues: { type: "array", items: { type: "object", properties: { path: { type: "array", items: { type: ["string", "integer"] } }, message: { type: "string" } } } },
  },
};
