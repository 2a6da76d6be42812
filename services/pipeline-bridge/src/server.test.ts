import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs } from "@tsunagi/service-kit/logger";
import { startTestBridge, type TestBridge } from "../../../tests/support/pipeline-bridge";
import { useTestDatabase } from "../../../tests/support/database";
import { routeModules, createRouter } from "./server";
import { buildOpenApiDocument } from "./openapi/openapi-document";
import { openApiRoutes } from "./openapi/openapi-routes";

const db = useTestDatabase();

describe("pipeline bridge server", () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge(db.url);
  });
  afterAll(() => bridge.close());

  it("reports that it is alive, and not ready before the relay has been heard", async () => {
    expect(await bridge.get("/healthz")).toEqual({ status: 200, body: { status: "ok", service: "tsunagi-pipeline-bridge" } });
    expect(await bridge.get("/readyz")).toEqual({ status: 503, body: { ready: false, reason: "projection_stale", approvals: expect.any(Object) } });
    await bridge.heartbeat();
    expect(await bridge.get("/readyz")).toEqual({ status: 200, body: { ready: true, approvals: expect.any(Object) } });
    const { rows } = await bridge.context.db.query(`SELECT relay_id, high_water_mark::text AS mark FROM bridge.relay_heartbeat`);
    expect(rows).toEqual([{ relay_id: "test-relay", mark: "0" }]);
  });

  it("takes both outboxes' marks in one request (ADR 078), each kept as on its own endpoint", async () => {
    const mark = { relayId: "relay-both", highWaterMark: "0", sentAt: new Date().toISOString() };
    expect(await bridge.post("/internal/v1/heartbeats", { consent: mark, approvals: mark }, bridge.ingestToken)).toMatchObject({ status: 204 });
    expect(await bridge.get("/readyz")).toMatchObject({ status: 200, body: { ready: true, approvals: { fresh: true, highWaterMark: "0" } } });
    const consentRows = await bridge.context.db.query(`SELECT high_water_mark::text AS mark FROM bridge.relay_heartbeat WHERE relay_id = 'relay-both'`);
    const approvalRows = await bridge.context.db.query(`SELECT high_water_mark::text AS mark FROM bridge.approval_heartbeat WHERE relay_id = 'relay-both'`);
    expect([consentRows.rows, approvalRows.rows]).toEqual([[{ mark: "0" }], [{ mark: "0" }]]);
    // The consent mark is what readiness rests on: a request without it is refused, and so is one without the scope's token.
    expect(await bridge.post("/internal/v1/heartbeats", { approvals: mark }, bridge.ingestToken)).toMatchObject({ status: 400, body: { error: "malformed_request" } });
    expect(await bridge.post("/internal/v1/heartbeats", { consent: mark })).toMatchObject({ status: 401 });
  });

  it("keeps the relay's heartbeats (one a second per outbox) out of the log at info, but not their refusals", async () => {
    const lines: { level: string; route?: string; status?: number }[] = [];
    const restore = captureLogs({ write: (line) => lines.push(JSON.parse(line) as (typeof lines)[number]) });
    try {
      await bridge.heartbeat();
      expect(await bridge.post("/internal/v1/approval-heartbeat", { relayId: "test-relay", highWaterMark: "0", sentAt: new Date().toISOString() }, bridge.ingestToken)).toMatchObject({ status: 204 });
      expect(await bridge.post("/internal/v1/heartbeat", { relayId: "test-relay", highWaterMark: "0", sentAt: new Date().toISOString() })).toMatchObject({ status: 401 });
      expect(await bridge.get("/healthz")).toMatchObject({ status: 200 });
      await expect.poll(() => lines.some((line) => line.route === "/healthz")).toBe(true);
    } finally {
      restore();
    }
    expect(lines.filter((line) => line.route?.includes("heartbeat"))).toEqual([expect.objectContaining({ level: "info", route: "/internal/v1/heartbeat", status: 401 })]);
  });

  it("refuses what it does not serve, and a served path with the wrong method", async () => {
    expect(await bridge.get("/v1/nothing-here")).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(await bridge.post("/healthz", {})).toMatchObject({ status: 405, body: { error: "method_not_allowed" } });
    expect(await bridge.get("/v1/decisions")).toMatchObject({ status: 405 });
  });

  it("refuses a decision request without a token", async () => {
    expect(await bridge.post("/v1/decisions", { subject: "S-1", action: "analyze" })).toEqual({ status: 401, body: { error: "unauthorized", reason: "token_missing" } });
  });

  it("describes every route it serves in /openapi.json", async () => {
    const { status, body } = await bridge.get("/openapi.json");
    expect(status).toBe(200);
    const document = body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe("3.1.0");
    const served = createRouter().routes();
    expect(served.length).toBeGreaterThan(8);
    for (const route of served) expect(document.paths[route.pattern]?.[route.method.toLowerCase()], `${route.method} ${route.pattern}`).toBeDefined();
    expect(buildOpenApiDocument([...routeModules, openApiRoutes(routeModules)])).toEqual(body);
  });
});
