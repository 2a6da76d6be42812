// Issue 61, Deliver 4 (ADR 168): the pipeline bridge's /openapi.json is true of every operation it describes. A real
// bridge on PostgreSQL, consent and approvals delivered from the app's real outboxes; each documented operation gets
// one real request over HTTP, and what was sent and what came back are validated against the document
// (tests/support/openapi-conformance.ts). The last test holds the document and this file to each other, and the
// document to the routes the bridge serves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouter } from "../../services/pipeline-bridge/src/server";
import { approvalMessages, createTestApproval, type TestApproval } from "../support/approvals";
import { useTestDatabase } from "../support/database";
import { openApiConformance, operationIdsOf, type Conformance, type OpenApiDocument, type SentRequest } from "../support/openapi-conformance";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const research = "DUO:0000006";
const dataset = "openapi-2026";

let bridge: TestBridge;
let document: OpenApiDocument;
let conformance: Conformance;
let participant: ConsentedParticipant;
let approval: TestApproval;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  bridge = await startTestBridge(db.url);
  for (const scope of ["gate:analyze", "gate:events", "gate:datasets", "gate:release", "gate:recontact"] as const) tokens[scope] = await issueTestToken([scope]);
  participant = await consentedParticipant({ choices: { "recontact.research": "yes", "recontact.frequency": "as_needed", "recontact.channel": "email" } });
  approval = await createTestApproval({ datasets: [dataset], purposeCodes: ["HMB", "DS", "GRU"] });
  const response = await fetch(`${bridge.url}/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
  conformance = openApiConformance(document, bridge.url);
});
afterAll(() => bridge.close());

const exchange = (request: SentRequest) => conformance.exchange(request);
const as = (scope: string) => ({ Authorization: `Bearer ${tokens[scope] ?? scope}` });

describe("GET /openapi.json", () => {
  it("is one OpenAPI 3.1 document: every $ref resolves inside it, every schema is JSON Schema 2020-12, every operation named once and answered", () => {
    conformance.checkStructure();
  });

  it("documents every route the bridge serves, and only those", () => {
    const served = createRouter()
      .routes()
      .map((route) => `${route.method.toLowerCase()} ${route.pattern}`);
    expect(conformance.operations().sort()).toEqual(served.sort());
  });

  it("describes itself, and the bridge's liveness and keys", async () => {
    expect(await exchange({ method: "get", path: "/openapi.json", expectStatus: 200 })).toEqual(document);
    await exchange({ method: "get", path: "/healthz", expectStatus: 200 });
    await exchange({ method: "get", path: "/.well-known/jwks.json", expectStatus: 200 });
  });
});

describe("the relay's delivery", () => {
  it("consent changes, approval changes, and each heartbeat alone and together; then the bridge is ready", async () => {
    const ingest = { Authorization: `Bearer ${bridge.ingestToken}` };
    const applied = (await exchange({ method: "post", path: "/internal/v1/consent-changes", headers: ingest, body: { changes: await outboxMessages() }, expectStatus: 200 })) as { applied: number };
    expect(applied.applied).toBeGreaterThan(0);
    await exchange({ method: "post", path: "/internal/v1/approval-changes", headers: ingest, body: { changes: await approvalMessages() }, expectStatus: 200 });
    const consentMark = { relayId: "test-relay", highWaterMark: String(bridge.context.health.appliedGlobalSeq()), sentAt: new Date().toISOString() };
    const approvalMark = { relayId: "test-relay", highWaterMark: String(bridge.context.approvalHealth.acceptedSeq()), sentAt: new Date().toISOString() };
    await exchange({ method: "post", path: "/internal/v1/heartbeat", headers: ingest, body: consentMark, expectStatus: 204 });
    await exchange({ method: "post", path: "/internal/v1/approval-heartbeat", headers: ingest, body: approvalMark, expectStatus: 204 });
    await exchange({ method: "post", path: "/internal/v1/heartbeats", headers: ingest, body: { consent: consentMark, approvals: approvalMark }, expectStatus: 204 });
    await exchange({ method: "get", path: "/readyz", expectStatus: 200 });
  });
});

describe("the gate's questions", () => {
  it("a decision, a subject's summary and the change feed", async () => {
    const sample = participant.sampleCodes[0]!;
    const answer = (await exchange({ method: "post", path: "/v1/decisions", headers: as("gate:analyze"), body: { subject: sample, action: "analyze", purpose: research, recipient: "academia" }, expectStatus: 200 })) as {
      decisions: { allowed: boolean }[];
    };
    expect(answer.decisions.map((decision) => decision.allowed)).toEqual([true]);
    await exchange({ method: "get", path: `/v1/subjects/${sample}`, headers: as("gate:analyze"), expectStatus: 200 });
    await exchange({ method: "get", path: "/v1/events?after=0&limit=10&wait=0", headers: as("gate:events"), expectStatus: 200 });
  });

  it("a dataset, a release under an approval, the release again and its re-check", async () => {
    await exchange({ method: "put", path: `/v1/datasets/${dataset}`, headers: as("gate:datasets"), body: { title: "OpenAPI conformance", clockStartsAt: "2026-01-01T00:00:00Z" }, expectStatus: 200 });
    await exchange({ method: "get", path: `/v1/datasets/${dataset}`, headers: as("gate:release"), expectStatus: 200 });
    const release = (await exchange({
      method: "post",
      path: "/v1/releases",
      headers: as("gate:release"),
      body: { dataset, samples: [...participant.sampleCodes], recipient: "academia", purpose: research, approval: approval.id },
      expectStatus: 201,
    })) as { releaseId: string; includedCount: number };
    expect(release.includedCount).toBeGreaterThan(0);
    await exchange({ method: "get", path: `/v1/releases/${release.releaseId}`, headers: as("gate:release"), expectStatus: 200 });
    await exchange({ method: "get", path: `/v1/releases/${release.releaseId}/recheck`, headers: as("gate:release"), expectStatus: 200 });
  });

  it("a study's invitations", async () => {
    await exchange({
      method: "post",
      path: "/v1/study-invitations",
      headers: as("gate:recontact"),
      body: { approval: approval.id, study: { registry: "jRCT", id: "jRCT2031240077" }, criterion: { gene: "EGFR", origin: "somatic" }, pseudonyms: [participant.pseudonym] },
      expectStatus: 201,
    });
  });
});

describe("the document and this file", () => {
  it("hold each other: every documented operation was exercised above, and nothing else was", () => {
    expect([...conformance.exercised].sort()).toEqual(operationIdsOf(document).sort());
  });
});
