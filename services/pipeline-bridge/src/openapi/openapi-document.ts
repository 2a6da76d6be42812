import { z } from "zod";
import type { RouteModule } from "../http/router";
import { errorSchema } from "./openapi-fragments";

/**
 * GET /openapi.json: an OpenAPI 3.1 document assembled from what each registered route module says it serves
 * (its `openapi()`), with zod schemas converted by z.toJSONSchema. Releases and any later module describe their own
 * paths the same way; nothing here needs editing for them.
 */
export function buildOpenApiDocument(modules: readonly RouteModule[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = { Error: errorSchema };
  const registry = z.registry<{ id: string }>();
  for (const module of modules) {
    const contribution = module.openapi?.();
    if (!contribution) continue;
    for (const [path, operations] of Object.entries(contribution.paths)) paths[path] = { ...paths[path], ...operations };
    Object.assign(schemas, contribution.schemas);
    for (const [id, schema] of Object.entries(contribution.zodSchemas ?? {})) registry.add(schema, { id });
  }
  const converted = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" }).schemas;
  for (const [id, schema] of Object.entries(converted)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    schemas[id] = rest;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tsunagi pipeline bridge",
      version: "1",
      description:
        "Answers \"may this happen to this sample now?\" from a pseudonymous projection of consent. Fail closed: anything the bridge cannot vouch for denies, with a reason. Human description: docs/pipeline-bridge.md.",
    },
    servers: [{ url: "/" }],
    security: [],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiToken: { type: "http", scheme: "bearer", bearerFormat: "tsg_<id>.<secret>", description: "An API token issued at /admin/api-tokens, scoped per action" },
      },
    },
  };
}
