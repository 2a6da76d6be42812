import { z } from "zod";

/**
 * What a concept that serves an HTTP API says about it for `/api/v1/openapi.json` (issue 61, ADR 168): its operations,
 * and the zod schemas its requests are checked with and its answers are shaped by. The JSON Schema of each is made
 * from those by zod's own generator (z.toJSONSchema), as the bridge's document is (ADR 014), so the document cannot
 * drift from what the server checks. Operations refer to a schema as `#/components/schemas/<name>`.
 */
export interface OpenApiContribution {
  /** Path → method → OpenAPI 3.1 operation object. */
  paths: Record<string, Record<string, unknown>>;
  /** What requests carry, converted as the server reads them (zod's input side: defaults optional). */
  requests?: Record<string, z.ZodType>;
  /** What answers carry, converted as the server writes them (zod's output side). */
  answers?: Record<string, z.ZodType>;
}

/**
 * The refusal every JSON API answers with (`{ "error": code, ... }`, the bridge's shape, docs/pipeline-bridge.md):
 * `reason`, `field` and `issues` where the API says more; `retryAfterSeconds` with a 429; other members an API names.
 */
export const ApiErrorSchema = z.looseObject({
  error: z.string().meta({ examples: ["malformed_request", "invalid_input", "unauthorized", "forbidden", "conflict", "too_many_requests"] }),
  reason: z.string().optional(),
  field: z.string().optional().meta({ description: "The body member the refusal is about" }),
  issues: z.array(z.looseObject({ path: z.array(z.union([z.string(), z.number().int()])), message: z.string() })).optional(),
  retryAfterSeconds: z.number().optional(),
});

export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** An answer whose body is the named schema, in JSON (or the media type given). */
export function answerOf(description: string, schema: string, mediaType = "application/json") {
  return { description, content: { [mediaType]: { schema: schemaRef(schema) } } };
}

/** A refusal in the shared error shape. */
export const refusalOf = (description: string) => answerOf(description, "Error");

/** Each named zod schema as a component, refs between them as `#/components/schemas/<name>`. */
function converted(named: Record<string, z.ZodType>, io: "input" | "output"): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io, unrepresentable: "any" });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

/**
 * One OpenAPI 3.1 document from the contributions: their paths side by side (two describing one operation is a
 * mistake, and stops here), their schemas converted, the error shape and the security schemes shared.
 */
export function assembleOpenApiDocument(options: {
  info: Record<string, unknown>;
  contributions: readonly OpenApiContribution[];
  securitySchemes: Record<string, unknown>;
}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const requests: Record<string, z.ZodType> = {};
  const answers: Record<string, z.ZodType> = { Error: ApiErrorSchema };
  for (const contribution of options.contributions) {
    for (const [path, operations] of Object.entries(contribution.paths)) {
      for (const method of Object.keys(operations)) if (paths[path]?.[method]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
      paths[path] = { ...paths[path], ...operations };
    }
    for (const [side, named] of [
      [requests, contribution.requests],
      [answers, contribution.answers],
    ] as const) {
      for (const [name, schema] of Object.entries(named ?? {})) {
        if (name in requests || name in answers) throw new Error(`OpenAPI: two schemas are named ${name}`);
        side[name] = schema;
      }
    }
  }
  return {
    openapi: "3.1.0",
    info: options.info,
    servers: [{ url: "/" }],
    paths,
    components: { schemas: { ...converted(requests, "input"), ...converted(answers, "output") }, securitySchemes: options.securitySchemes },
  };
}
