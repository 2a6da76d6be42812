import { JWKS_MAX_AGE_SECONDS } from "@tsunagi/service-kit/signing-key-schedule";
import type { RouteModule } from "../http/router";
import { sendJson } from "../http/send-json";

export const jwksRoutes: RouteModule = {
  name: "jwks",
  register(router) {
    router.get("/.well-known/jwks.json", ({ response, context }) =>
      // A cache spares verifiers a fetch per answer. It is safe across a rotation because a new key is published at
      // least twice this long before it signs (MIN_ACTIVATION_DELAY_MS; ADR 054): no cached set lacks a key in use.
      sendJson(response, 200, context.signer.publicJwks(), { "Cache-Control": `public, max-age=${JWKS_MAX_AGE_SECONDS}` }),
    );
  },
  openapi: () => ({
    paths: {
      "/.well-known/jwks.json": {
        get: {
          operationId: "getJwks",
          summary: "The public keys that verify signed answers (ES256)",
          description:
            "Every key of the bridge's set: the one signing now, a rotated-in key published before it signs, and retired keys kept so that older answers and stored manifests still verify. On a kid you do not hold, fetch this again once (bypassing caches) before rejecting.",
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
