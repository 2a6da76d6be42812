/**
 * Holding an OpenAPI 3.1 document to the service it describes (issue 61, ADR 168): one real request per operation,
 * its parameters and body and the answer's status, media type and body validated against the document with Ajv's
 * JSON Schema 2020-12 (what OpenAPI 3.1 uses), and the document's own structure checked as far as is cheap. Used by
 * tests/integration/openapi-app-document.test.ts and openapi-bridge-document.test.ts.
 */
import { Ajv2020 } from "ajv/dist/2020";
import { expect } from "vitest";

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: object;
}
export interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, { type: string; scheme?: string }> };
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The formats zod writes (uuid, date, date-time, uri); Ajv knows none of them without ajv-formats, which the project does not depend on. */
const formats = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]+$/i,
};

/** One real request: where it goes and what it carries. */
export interface SentRequest {
  method: "get" | "post" | "put";
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  expectStatus: number;
}

export interface Conformance {
  document: OpenApiDocument;
  /** Validation problems of `value` against the schema at a JSON pointer into the document ([] when valid). */
  problems(pointerSegments: string[], value: unknown): string[];
  /** Sends the request to the service, checks it and its answer against the document; the answer's body. */
  exchange(request: SentRequest): Promise<unknown>;
  /** The operationIds exchanged so far. */
  exercised: Set<string>;
  /** The document's structure: 3.1.0, refs resolve, schemas are 2020-12, operations named once, path parameters declared. */
  checkStructure(): void;
  /** Every documented operation, `method path`. */
  operations(): string[];
}

export function openApiConformance(document: OpenApiDocument, origin: string): Conformance {
  const base = "https://conformance.invalid/openapi.json";
  const ajv = new Ajv2020({ strict: false, allErrors: true, formats });
  // The whole document under one id: a pointer into it reaches any schema, and its #/components/schemas/… refs resolve.
  ajv.addSchema({ ...document, $id: base });
  const exercised = new Set<string>();
  const pointer = (segments: string[]) => `${base}#/${segments.map((segment) => segment.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;

  function problems(segments: string[], value: unknown): string[] {
    const validate = ajv.getSchema(pointer(segments));
    if (!validate) throw new Error(`No schema at ${segments.join("/")}`);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
  }

  /** The operation a request goes to, by the document's path templates: exactly one must take it. */
  function operationFor(method: string, url: URL) {
    const found = Object.entries(document.paths).flatMap(([template, operations]) => {
      const names: string[] = [];
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
      const match = pattern.exec(url.pathname);
      const operation = operations[method];
      if (!match || !operation) return [];
      return [{ template, operation, pathValues: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)])) }];
    });
    expect(
      found.map(({ template }) => template),
      `${method.toUpperCase()} ${url.pathname}`,
    ).toHaveLength(1);
    return found[0]!;
  }

  async function exchange(request: SentRequest): Promise<unknown> {
    const url = new URL(request.path, origin);
    const { template, operation, pathValues } = operationFor(request.method, url);
    const at = (...segments: string[]) => ["paths", template, request.method, ...segments];

    // The request as documented: its parameters, its body, its credentials.
    for (const [index, parameter] of (operation.parameters ?? []).entries()) {
      const value = parameter.in === "path" ? pathValues[parameter.name] : parameter.in === "query" ? url.searchParams.get(parameter.name) : null;
      if (value === null || value === undefined) {
        expect(parameter.required, `${operation.operationId}: ${parameter.name} is required`).not.toBe(true);
        continue;
      }
      // A query value is text; a schema of a number or a boolean is about the text's meaning (OpenAPI's style: form).
      const typed = parameter.in === "query" && /^-?\d+(\.\d+)?$/.test(value) && JSON.stringify(parameter.schema).match(/"type":"(integer|number)"/) ? Number(value) : value;
      expect(problems(at("parameters", String(index), "schema"), typed), `${operation.operationId} ${parameter.name}`).toEqual([]);
    }
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) {
      expect(operation.requestBody?.content["application/json"], `${operation.operationId} takes a JSON body`).toBeDefined();
      expect(problems(at("requestBody", "content", "application/json", "schema"), request.body), `${operation.operationId} request`).toEqual([]);
      headers["Content-Type"] = "application/json";
    } else {
      expect(operation.requestBody?.required, `${operation.operationId} needs a body`).not.toBe(true);
    }
    if (operation.security?.length) expect(headers.Authorization ?? headers.Cookie, `${operation.operationId} credentials`).toBeDefined();

    const response = await fetch(url, { method: request.method.toUpperCase(), headers, body: request.body === undefined ? undefined : JSON.stringify(request.body) });
    const text = await response.text();
    expect(response.status, `${operation.operationId}: ${text.slice(0, 300)}`).toBe(request.expectStatus);

    // The answer as documented: its status, its media type, its body.
    const documented = operation.responses[String(response.status)];
    expect(documented, `${operation.operationId} documents ${response.status}`).toBeDefined();
    exercised.add(operation.operationId);
    const mediaTypes = Object.keys(documented!.content ?? {});
    if (mediaTypes.length === 0) {
      expect(text, `${operation.operationId} ${response.status} has no body`).toBe("");
      return undefined;
    }
    const mediaType = (response.headers.get("Content-Type") ?? "").split(";")[0]!.trim();
    expect(mediaTypes, `${operation.operationId} ${response.status} media type`).toContain(mediaType);
    const body: unknown = JSON.parse(text);
    expect(problems(at("responses", String(response.status), "content", mediaType, "schema"), body), `${operation.operationId} ${response.status} answer`).toEqual([]);
    return body;
  }

  /** Every `$ref` string in the document, where it stands. */
  function refsIn(value: unknown, at = "#"): { at: string; ref: string }[] {
    if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([key, item]) => (key === "$ref" && typeof item === "string" ? [{ at, ref: item }] : refsIn(item, `${at}/${key}`)));
  }

  function resolve(ref: string): unknown {
    if (!ref.startsWith("#/")) return undefined;
    return ref
      .slice(2)
      .split("/")
      .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((node, segment) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined), document);
  }

  function checkStructure(): void {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(refsIn(document).filter(({ ref }) => resolve(ref) === undefined)).toEqual([]);
    for (const [name, schema] of Object.entries(document.components.schemas)) expect(ajv.validateSchema(schema) ? [] : ajv.errors, name).toEqual([]);
    const operationIds: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      expect(path).toMatch(/^\//);
      for (const [method, operation] of Object.entries(operations)) {
        expect(methods, `${path} ${method}`).toContain(method);
        expect(operation.operationId, `${method} ${path} has an operationId`).toEqual(expect.any(String));
        operationIds.push(operation.operationId);
        expect(Object.keys(operation.responses).length, operation.operationId).toBeGreaterThan(0);
        const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
        const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === "path");
        expect(declared.map((parameter) => parameter.name).sort(), operation.operationId).toEqual(templated);
        for (const requirement of operation.security ?? []) for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes, `${operation.operationId} ${scheme}`).toHaveProperty(scheme);
      }
    }
    expect(new Set(operationIds).size, "operationIds are unique").toBe(operationIds.length);
  }

  const operations = () => Object.entries(document.paths).flatMap(([path, entries]) => Object.keys(entries).map((method) => `${method} ${path}`));

  return { document, problems, exchange, exercised, checkStructure, operations };
}

/** The operationIds a document holds. */
export function operationIdsOf(document: OpenApiDocument): string[] {
  return Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
}
