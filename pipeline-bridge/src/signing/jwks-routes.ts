import type { RouteModule } from "../http/router";
import { sendJson } from "../http/send-json";

export const jwksRoutes: RouteModule = {
  name: "jwks",
  register(router) {
    router.get("/.well-known/jwks.json", ({ response, context }) =>
      // Public keys change only on a restart with new keys; a short cache spares verifiers a fetch per answer.
      sendJson(response, 200, context.signer.publicJwks(), { "Cache-Control": "public, max-age=300" }),
    );
  },
  openapi: () => ({
    paths: {
      "/.well-known/jwks.json": {
        get: {
          summary: "The public keys that verify signed answers (ES256)",
          tags: ["signing"],
          responses: { "200": { description: "JWK set", content: { "application/json": { schema: { $ref: "#/components/schemas/JwkSet" } } } } },
        },
      },
    },
    schemas: {
      JwkSet: {
        type: "object",
        required: ["keys"],
        properties: {
          keys: {
            type: "array",
            items: {
              type: "object",
              required: ["kty", "crv", "x", "y", "kid", "alg", "use"],
              properties: { kty: { const: "EC" }, crv: { const: "P-256" }, x: { type: "string" }, y: { type: "string" }, kid: { type: "string" }, alg: { const: "ES256" }, use: { const: "sig" } },
            },
          },
        },
      },
    },
  }),
};
