// Issue 61, Deliver 4 (ADR 168): GET /api/v1/openapi.json describes every machine API of the web app, and each
// description is true. The document is fetched from the real app server; then each documented operation gets one real
// request over HTTP against PostgreSQL, and what was sent (body and parameters) and what came back (status, media type,
// body) are validated against the document with Ajv's JSON Schema 2020-12, as OpenAPI 3.1 uses. The last test holds
// the document and this file to each other: an operation documented but not exercised here, or a request here to an
// operation not documented, fails it.
import { randomUUID } from "node:crypto";
import { Ajv2020 } from "ajv/dist/2020";
import { beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { createApplicant, createApplication } from "../factories/data-access-factory";
import { createParticipant } from "../factories/participant-factory";
import { sampleReportContent } from "../factories/report-factory";
import { useAppServer } from "../support/app-server";
import { browserUserAgent } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { signedInCookie } from "../support/session-cookies";
import { useTempDataDir } from "../support/temp-data-dir";
import { loadRouteManifest } from "../support/route-manifest";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: object;
}
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, { type: string; scheme?: string }> };
}

const base = "https://tsunagi.invalid/api/v1/openapi.json";
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let document: OpenApiDocument;
let ajv: Ajv2020;
const exercised = new Set<string>();

/** The formats zod writes; Ajv knows none of them without ajv-formats, which the app does not depend on. */
const formats = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]+$/i,
};

beforeAll(async () => {
  const response = await fetch(`${app.origin}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
  ajv = new Ajv2020({ strict: false, allErrors: true, formats });
  // The whole document under one id: a pointer into it reaches any schema, and its #/components/schemas/… refs resolve.
  ajv.addSchema({ ...document, $id: base });
});

const pointer = (...segments: string[]) => `${base}#/${segments.map((segment) => segment.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;

function problems(schemaAt: string, value: unknown): string[] {
  const validate = ajv.getSchema(schemaAt);
  if (!validate) throw new Error(`No schema at ${schemaAt}`);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}

/** The operation a request goes to, by the document's path templates: exactly one must take it. */
function operationFor(method: string, url: URL): { template: string; operation: Operation; pathValues: Record<string, string> } {
  const found = Object.entries(document.paths).flatMap(([template, operations]) => {
    const names: string[] = [];
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
    const match = pattern.exec(url.pathname);
    const operation = operations[method];
    if (!match || !operation) return [];
    return [{ template, operation, pathValues: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)])) }];
  });
  expect(found.map(({ template }) => template), `${method.toUpperCase()} ${url.pathname}`).toHaveLength(1);
  return found[0]!;
}

/**
 * Sends one real request to the app, checks it against the document as sent, and its answer as received; returns
 * the answer's body.
 */
async function exchange(options: { method: "get" | "post"; path: string; headers?: Record<string, string>; body?: unknown; expectStatus: number }): Promise<unknown> {
  const url = new URL(options.path, app.origin);
  const { template, operation, pathValues } = operationFor(options.method, url);

  // The request as documented: its parameters, its body.
  for (const parameter of operation.parameters ?? []) {
    const value = parameter.in === "path" ? pathValues[parameter.name] : parameter.in === "query" ? url.searchParams.get(parameter.name) : null;
    if (value === null || value === undefined) {
      expect(parameter.required, `${operation.operationId}: ${parameter.name} is required`).not.toBe(true);
      continue;
    }
    expect(problems(pointer("paths", template, options.method, "parameters", String(operation.parameters!.indexOf(parameter)), "schema"), value), `${operation.operationId} ${parameter.name}`).toEqual([]);
  }
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) {
    expect(operation.requestBody?.content["application/json"], `${operation.operationId} takes a JSON body`).toBeDefined();
    expect(problems(pointer("paths", template, options.method, "requestBody", "content", "application/json", "schema"), options.body), `${operation.operationId} request`).toEqual([]);
    headers["Content-Type"] = "application/json";
  } else {
    expect(operation.requestBody?.required, `${operation.operationId} needs a body`).not.toBe(true);
  }
  // A documented security requirement is met by what the request carries (or the operation is public).
  if (operation.security?.length) expect(headers.Authorization ?? headers.Cookie, `${operation.operationId} credentials`).toBeDefined();

  const response = await fetch(url, { method: options.method.toUpperCase(), headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  expect(response.status, `${operation.operationId}: ${text.slice(0, 300)}`).toBe(options.expectStatus);

  // The answer as documented: its status, its media type, its body.
  const documented = operation.responses[String(response.status)];
  expect(documented, `${operation.operationId} documents ${response.status}`).toBeDefined();
  const mediaTypes = Object.keys(documented!.content ?? {});
  const mediaType = (response.headers.get("Content-Type") ?? "").split(";")[0]!.trim();
  expect(mediaTypes, `${operation.operationId} ${response.status} media type`).toContain(mediaType);
  const body: unknown = JSON.parse(text);
  expect(problems(pointer("paths", template, options.method, "responses", String(response.status), "content", mediaType, "schema"), body), `${operation.operationId} ${response.status} answer`).toEqual([]);
  exercised.add(operation.operationId);
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

describe("GET /api/v1/openapi.json", () => {
  it("is one OpenAPI 3.1 document: every $ref resolves inside it, every schema is JSON Schema 2020-12, every operation named once and answered", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const unresolved = refsIn(document).filter(({ ref }) => resolve(ref) === undefined);
    expect(unresolved).toEqual([]);
    for (const [name, schema] of Object.entries(document.components.schemas)) expect(ajv.validateSchema(schema) ? [] : ajv.errors, name).toEqual([]);

    const operationIds: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      expect(path).toMatch(/^\//);
      for (const [method, operation] of Object.entries(operations)) {
        expect(methods, `${path} ${method}`).toContain(method);
        operationIds.push(operation.operationId);
        expect(Object.keys(operation.responses).length, operation.operationId).toBeGreaterThan(0);
        // Each path template's parameter is declared, and only those.
        const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
        expect((operation.parameters ?? []).filter((parameter) => parameter.in === "path").map((parameter) => parameter.name).sort(), operation.operationId).toEqual(templated);
        for (const requirement of operation.security ?? []) for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes, `${operation.operationId} ${scheme}`).toHaveProperty(scheme);
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it("checks what it says: an answer or a body off its schema is refused", () => {
    expect(problems(pointer("components", "schemas", "FindingSubmitted"), { findingId: "not-a-uuid", version: 0 })).not.toEqual([]);
    expect(problems(pointer("components", "schemas", "DataUseMatchRequest"), { dataUse: {}, purpose: { commercial: false }, extra: 1 })).not.toEqual([]);
    expect(problems(pointer("paths", "/fhir/Consent/{id}", "get", "responses", "200", "content", "application/fhir+json", "schema"), { resourceType: "Patient" })).not.toEqual([]);
  });

  it("documents every API route the app serves (app/routes/api/), with the methods it answers", async () => {
    const routes = (await loadRouteManifest(app.server)).filter((route) => route.id.startsWith("routes/api/"));
    expect(routes.length).toBeGreaterThan(0);
    const served = routes.flatMap((route) => {
      const path = route.pattern.replace(/:([A-Za-z]+)/g, "{$1}");
      return [...(route.hasLoader ? [`get ${path}`] : []), ...(route.hasAction ? [`post ${path}`] : [])];
    });
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(served.sort());
  });

  it("describes itself", async () => {
    const body = await exchange({ method: "get", path: "/api/v1/openapi.json", expectStatus: 200 });
    expect(body).toEqual(document);
  });
});

describe("the intakes", () => {
  it("POST /api/v1/findings", async () => {
    const { token } = await issueApiToken({ name: "Analysis team", scopes: ["findings:submit"], createdById: null });
    const participant = await createParticipant();
    await exchange({
      method: "post",
      path: "/api/v1/findings",
      headers: { Authorization: `Bearer ${token}` },
      body: {
        labId: "LAB-TOKYO-01",
        labFindingId: `F-${randomUUID()}`,
        sampleCode: participant.sampleCodes[1],
        gene: "BRCA2",
        variant: "NM_000059.4:c.5946del",
        classification: "P",
        evidenceSummary: "Frameshift in exon 11; reported pathogenic by ClinVar expert panel.",
        reportPdf: Buffer.from("%PDF-1.7\n% lab report\n%%EOF\n").toString("base64"),
      },
      expectStatus: 201,
    });
  });

  it("POST /api/v1/reports", async () => {
    const { token } = await issueApiToken({ name: "Analysis centre", scopes: ["reports:submit"], createdById: null });
    const participant = await consentedParticipant();
    await exchange({
      method: "post",
      path: "/api/v1/reports",
      headers: { Authorization: `Bearer ${token}` },
      body: { senderId: "NCC-C-CAT", reportId: `R-${randomUUID()}`, pseudonym: participant.pseudonym, ...sampleReportContent, pdf: Buffer.from("%PDF-1.7\n% clinical report\n%%EOF\n").toString("base64") },
      expectStatus: 201,
    });
  });
});

describe("consent records", () => {
  let participant: ConsentedParticipant;
  let authorization: Record<string, string>;

  beforeAll(async () => {
    participant = await consentedParticipant();
    authorization = { Authorization: `Bearer ${(await issueApiToken({ name: "Records reader", scopes: ["fhir:read"], createdById: null })).token}` };
  });

  it("GET /api/v1/consent-records/{pseudonym}", async () => {
    const body = (await exchange({ method: "get", path: `/api/v1/consent-records/${participant.pseudonym}`, headers: authorization, expectStatus: 200 })) as { records: unknown[] };
    expect(body.records.length).toBeGreaterThan(0);
  });

  it("GET /fhir/Consent, /fhir/Consent/{id}, its _history and one version", async () => {
    const search = (await exchange({ method: "get", path: `/fhir/Consent?patient=${participant.pseudonym}`, headers: { ...authorization, Accept: "application/fhir+json" }, expectStatus: 200 })) as {
      entry: { resource: { id: string } }[];
    };
    const id = search.entry[0]!.resource.id;
    const consent = (await exchange({ method: "get", path: `/fhir/Consent/${id}`, headers: authorization, expectStatus: 200 })) as { meta: { versionId: string } };
    await exchange({ method: "get", path: `/fhir/Consent/${id}/_history`, headers: authorization, expectStatus: 200 });
    await exchange({ method: "get", path: `/fhir/Consent/${id}/_history/${consent.meta.versionId}`, headers: authorization, expectStatus: 200 });
  });
});

describe("the public APIs", () => {
  it("POST /api/v1/data-use/match", async () => {
    const body = (await exchange({
      method: "post",
      path: "/api/v1/data-use/match",
      body: { dataUse: { codes: ["DS"], diseases: ["DOID:162"], flags: [] }, purpose: { codes: ["DS"], diseases: ["DOID:10155"], commercial: false, flags: [] } },
      expectStatus: 200,
    })) as { result: string };
    expect(body.result).toBe("approve");
  });

  it("POST /api/v1/visas/status with a visa the app issued, and GET /.well-known/jwks.json", async () => {
    const applicant = await createApplicant();
    const application = await createApplication({ applicant });
    const issued = await fetch(`${app.origin}/applications/${application.id}/visa`, { headers: { Cookie: await signedInCookie(applicant.user), "User-Agent": browserUserAgent }, redirect: "manual" });
    expect(issued.status).toBe(200);
    const { visa } = (await issued.json()) as { visa: string };
    const status = (await exchange({ method: "post", path: "/api/v1/visas/status", body: { visa }, expectStatus: 200 })) as { active: boolean };
    expect(status.active).toBe(true);
    await exchange({ method: "get", path: "/.well-known/jwks.json", expectStatus: 200 });
  });
});

describe("the document and this file", () => {
  it("hold each other: every documented operation was exercised above, and nothing else was", () => {
    const documented = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
    expect([...exercised].sort()).toEqual(documented.sort());
  });
});
