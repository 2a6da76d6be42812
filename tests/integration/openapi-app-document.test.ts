// Issue 61, Deliver 4 (ADR 168): GET /api/v1/openapi.json describes every machine API of the web app, and each
// description is true. The document is fetched from the real app server; then each documented operation gets one real
// request over HTTP against PostgreSQL, and what was sent (body and parameters) and what came back (status, media type,
// body) are validated against the document with Ajv's JSON Schema 2020-12, as OpenAPI 3.1 uses. The last test holds
// the document and this file to each other: an operation documented but not exercised here, or a request here to an
// operation not documented, fails it.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { createApplicant, createApplication } from "../factories/data-access-factory";
import { createParticipant } from "../factories/participant-factory";
import { sampleReportContent } from "../factories/report-factory";
import { useAppServer } from "../support/app-server";
import { browserUserAgent } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { openApiConformance, operationIdsOf, type Conformance, type OpenApiDocument, type SentRequest } from "../support/openapi-conformance";
import { loadRouteManifest } from "../support/route-manifest";
import { signedInCookie } from "../support/session-cookies";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

let document: OpenApiDocument;
let conformance: Conformance;

beforeAll(async () => {
  const response = await fetch(`${app.origin}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
  conformance = openApiConformance(document, app.origin);
});

const exchange = (request: SentRequest) => conformance.exchange(request);

describe("GET /api/v1/openapi.json", () => {
  it("is one OpenAPI 3.1 document: every $ref resolves inside it, every schema is JSON Schema 2020-12, every operation named once and answered", () => {
    conformance.checkStructure();
  });

  it("checks what it says: an answer or a body off its schema is refused", () => {
    expect(conformance.problems(["components", "schemas", "FindingSubmitted"], { findingId: "not-a-uuid", version: 0 })).not.toEqual([]);
    expect(conformance.problems(["components", "schemas", "DataUseMatchRequest"], { dataUse: {}, purpose: { commercial: false }, extra: 1 })).not.toEqual([]);
    expect(conformance.problems(["paths", "/fhir/Consent/{id}", "get", "responses", "200", "content", "application/fhir+json", "schema"], { resourceType: "Patient" })).not.toEqual([]);
  });

  it("documents every API route the app serves (app/routes/api/), with the methods it answers", async () => {
    const routes = (await loadRouteManifest(app.server)).filter((route) => route.id.startsWith("routes/api/"));
    expect(routes.length).toBeGreaterThan(0);
    const served = routes.flatMap((route) => {
      const path = route.pattern.replace(/:([A-Za-z]+)/g, "{$1}");
      return [...(route.hasLoader ? [`get ${path}`] : []), ...(route.hasAction ? [`post ${path}`] : [])];
    });
    expect(conformance.operations().sort()).toEqual(served.sort());
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
    expect([...conformance.exercised].sort()).toEqual(operationIdsOf(document).sort());
  });
});
